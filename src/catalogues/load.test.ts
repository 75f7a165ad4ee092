import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { readCatalogueTexts } from "./files.js";
import { type CatalogueText, loadCatalogues } from "./load.js";

/** The shipped catalogues as a whole, and the loader's ability to catch each kind of breakage. */

const shipped = readCatalogueTexts();

function edit(
  path: string,
  change: (content: Record<string, unknown> & { items: Record<string, unknown>[] }) => void,
): CatalogueText[] {
  return shipped.map((file) => {
    if (file.path !== path) return file;
    const content = parse(file.text);
    change(content);
    return { path, text: stringify(content) };
  });
}

describe("shipped catalogues", () => {
  const { catalogues, problems } = loadCatalogues(shipped);

  it("load without a single problem", () => {
    expect(problems).toEqual([]);
    expect(catalogues).toBeDefined();
  });

  it("hold every kind of catalogue", () => {
    const kinds = new Set([...(catalogues?.entries.values() ?? [])].map((e) => e.catalogue));
    expect([...kinds].sort()).toEqual(
      [
        "attack-ics-assets",
        "attack-ics-mitigations",
        "attack-ics-techniques",
        "iec-62443-3-3",
        "mamori-countermeasures",
        "mamori-threats",
        "meti-countermeasure-areas",
        "meti-iot-measures",
        "meti-method-steps",
        "meti-ooda-roles",
        "meti-smart-factory-threats",
        "meti-supply-chain-checkpoints",
        "nist-csf-2.0",
      ].sort(),
    );
  });

  it("say where every item comes from, and never present Mamori's items as METI's", () => {
    for (const entry of catalogues?.entries.values() ?? []) {
      expect(entry.source.document.ja.length, entry.id).toBeGreaterThan(0);
      const publisher = entry.source.publisher;
      if (entry.catalogue.startsWith("meti-")) expect(publisher, entry.id).toBe("meti");
      if (entry.catalogue.startsWith("mamori-")) expect(publisher, entry.id).toBe("mamori");
      if (publisher === "meti") expect(entry.source.seed, entry.id).toMatch(/^00[04]_/);
    }
  });

  it("mitigate every threat and refine every seed row", () => {
    for (const threat of catalogues?.threats ?? [])
      expect(catalogues?.mitigatedBy.get(threat.id)?.length, threat.id).toBeGreaterThan(0);
    const rows = new Set(catalogues?.threats.flatMap((t) => t.smartFactoryRows ?? []));
    expect([...rows].sort()).toEqual(Array.from({ length: 9 }, (_, i) => `meti.sf-threat.${i + 1}`).sort());
  });
});

describe("catalogue integrity checks", () => {
  const codes = (texts: CatalogueText[]) => loadCatalogues(texts).problems.map((p) => p.code);

  it("catch a countermeasure that mitigates an unknown threat, with a suggestion", () => {
    const texts = edit("mamori/countermeasures.yaml", (c) => {
      const first = c.items[0] as { mitigates: string[] };
      first.mitigates = [`${first.mitigates[0]}x`];
    });
    const result = loadCatalogues(texts);
    expect(result.catalogues).toBeUndefined();
    const unknown = result.problems.find((p) => p.code === "unknown-reference");
    expect(unknown?.params.suggestion).toBeDefined();
    expect(unknown?.file).toBe("mamori/countermeasures.yaml");
    expect(unknown?.location?.line).toBeGreaterThan(0);
  });

  it("catch a threat that nothing mitigates", () => {
    const texts = edit("mamori/threats.yaml", (c) => {
      c.items.push({ ...(c.items[0] as object), id: "th.test.orphan" });
    });
    expect(codes(texts)).toEqual(["unmitigated-threat"]);
  });

  it("catch a seed row no threat refines", () => {
    const texts = edit("mamori/threats.yaml", (c) => {
      for (const item of c.items) {
        const rows = item.smartFactoryRows as string[] | undefined;
        if (rows) item.smartFactoryRows = rows.filter((r) => r !== "meti.sf-threat.7");
        if ((item.smartFactoryRows as string[] | undefined)?.length === 0) delete item.smartFactoryRows;
      }
    });
    expect(codes(texts)).toEqual(["unrefined-seed-row"]);
  });

  it("catch ATT&CK, IEC 62443 and CSF identifiers that do not exist", () => {
    const texts = edit("mamori/countermeasures.yaml", (c) => {
      const first = c.items[0] as Record<string, unknown>;
      first.attackMitigations = ["M0999"];
      first.iec62443 = ["SR 7.9"];
      first.csf = ["PR.ZZ-01"];
    });
    expect(codes(texts)).toEqual(["unknown-reference", "unknown-reference", "unknown-reference"]);
  });

  it("catch duplicate ids across files and schema errors with their location", () => {
    const duplicated = edit("mamori/threats.yaml", (c) => {
      (c.items[0] as { id: string }).id = "meti.sf-threat.1";
    });
    expect(codes(duplicated)).toContain("duplicate-id");
    const invalid = shipped.map((f) =>
      f.path === "meti/smart-factory-threats.yaml"
        ? { ...f, text: f.text.replace("areas:\n      - network", "areas:\n      - networc") }
        : f,
    );
    const problem = loadCatalogues(invalid).problems[0];
    expect(problem).toMatchObject({
      code: "enum",
      file: "meti/smart-factory-threats.yaml",
      params: { suggestion: "network" },
    });
    expect(problem?.location?.line).toBeGreaterThan(1);
  });
});
