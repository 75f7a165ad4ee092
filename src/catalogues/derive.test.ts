import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { iecSrFromLabel } from "./derive.js";
import { deriveReferenceFiles, referenceDir } from "./derive-main.js";
import { CatalogueFile } from "./schema.js";

const fresh = deriveReferenceFiles();
const committed = (name: string): string => readFileSync(join(referenceDir, name), "utf8");
const parsed = (name: string) => CatalogueFile.parse(JSON.parse(committed(name)));

describe("reference sets derived from ../shared/kb", () => {
  it.each(Object.keys(fresh))("%s is committed exactly as a fresh derivation writes it", (name) => {
    expect(committed(name)).toBe(fresh[name]);
  });

  it.each(Object.keys(fresh))("%s passes the catalogue schema", (name) => {
    const result = CatalogueFile.safeParse(JSON.parse(fresh[name] ?? ""));
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it("has the counts the kb README gives: 83 active techniques, 52 mitigations, 18 assets", () => {
    expect(parsed("attack-ics-techniques.json").items).toHaveLength(83);
    expect(parsed("attack-ics-mitigations.json").items).toHaveLength(52);
    expect(parsed("attack-ics-assets.json").items).toHaveLength(18);
  });

  it("has the 6 functions, 22 categories and 106 subcategories of CSF 2.0, none withdrawn", () => {
    const csf = parsed("nist-csf-2.0.json");
    if (csf.catalogue !== "nist-csf-2.0") throw new Error("wrong catalogue");
    const count = (kind: string) => csf.items.filter((item) => item.kind === kind).length;
    expect([count("function"), count("category"), count("subcategory")]).toEqual([6, 22, 106]);
    const ids = csf.items.map((item) => item.id);
    expect(ids).toContain("PR.IR-01");
    expect(ids).not.toContain("PR.AC-05");
    expect(ids).not.toContain("ID.BE");
  });

  it("sorts items by id and carries MITRE's attribution", () => {
    for (const name of Object.keys(fresh)) {
      const file = parsed(name);
      const ids = file.items.map((item) => item.id);
      expect(ids).toEqual([...ids].sort());
      if (file.source.publisher === "mitre") {
        expect(file.source.attribution).toBe(
          "© 2025 The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation.",
        );
      }
    }
  });

  it("keeps the relations: T0866 sits in two tactics; M0930 mitigates T0866", () => {
    const techniques = parsed("attack-ics-techniques.json");
    const mitigations = parsed("attack-ics-mitigations.json");
    if (
      techniques.catalogue !== "attack-ics-techniques" ||
      mitigations.catalogue !== "attack-ics-mitigations"
    ) {
      throw new Error("wrong catalogue");
    }
    expect(techniques.items.find((item) => item.id === "T0866")?.tactics).toEqual([
      "initial-access",
      "lateral-movement",
    ]);
    const segmentation = mitigations.items.find((item) => item.id === "M0930");
    expect(segmentation?.techniques).toContain("T0866");
    expect(segmentation?.labels).toContain("IEC 62443-3-3:2013 - SR 5.1");
  });
});

describe("IEC 62443-3-3 identifiers", () => {
  const iec = CatalogueFile.safeParse(parse(committed("iec-62443-3-3.yaml")));

  it("passes the catalogue schema with 51 SRs", () => {
    expect(iec.error?.issues ?? []).toEqual([]);
    expect(iec.data?.items).toHaveLength(51);
  });

  it("holds every IEC 62443-3-3 SR cited in an ATT&CK mitigation label", () => {
    const ids = new Set(iec.data?.items.map((item) => item.id));
    const mitigations = parsed("attack-ics-mitigations.json");
    if (mitigations.catalogue !== "attack-ics-mitigations") throw new Error("wrong catalogue");
    const cited = mitigations.items.flatMap((item) =>
      item.labels.filter((label) => label.startsWith("IEC 62443-3-3")).map((label) => iecSrFromLabel(label)),
    );
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.filter((sr) => sr === undefined || !ids.has(sr))).toEqual([]);
  });
});
