import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { externalKinds, physicalSubareas } from "../model/vocabulary.js";
import { CatalogueFile, type Countermeasure, type Threat } from "./schema.js";

/** Mamori's own baseline threat and countermeasure catalogues, checked as data against the reference sets. */

const catalogues = fileURLToPath(new URL("../../catalogues/", import.meta.url));
const read = (path: string): unknown => {
  const text = readFileSync(`${catalogues}${path}`, "utf8");
  return path.endsWith(".json") ? JSON.parse(text) : parse(text);
};
const load = (path: string): CatalogueFile => CatalogueFile.parse(read(path));

const threatsFile = load("mamori/threats.yaml");
const countermeasuresFile = load("mamori/countermeasures.yaml");
const threats = (threatsFile.catalogue === "mamori-threats" ? threatsFile.items : []) as Threat[];
const countermeasures = (
  countermeasuresFile.catalogue === "mamori-countermeasures" ? countermeasuresFile.items : []
) as Countermeasure[];
const idsOf = (path: string): Set<string> => new Set(load(path).items.map((item) => item.id));
const techniques = idsOf("reference/attack-ics-techniques.json");
const mitigations = idsOf("reference/attack-ics-mitigations.json");
const srs = idsOf("reference/iec-62443-3-3.yaml");
const csf = idsOf("reference/nist-csf-2.0.json");
const missing = (values: Iterable<string>, known: Set<string>) => [...values].filter((v) => !known.has(v));

describe("Mamori baseline catalogues", () => {
  it("pass the catalogue schema", () => {
    for (const path of ["mamori/threats.yaml", "mamori/countermeasures.yaml"]) {
      const result = CatalogueFile.safeParse(read(path));
      expect(result.error?.issues ?? [], path).toEqual([]);
    }
    expect(threatsFile.catalogue).toBe("mamori-threats");
    expect(countermeasuresFile.catalogue).toBe("mamori-countermeasures");
  });

  it("say they are Mamori's own, not METI's", () => {
    for (const file of [threatsFile, countermeasuresFile]) {
      expect(file.source.publisher).toBe("mamori");
      expect(file.source.document.ja).toContain("独自");
      expect(file.source.document.en).toContain("our own");
      expect(file.source.version).toBe("1");
    }
  });

  it("have ids unique across both files", () => {
    const ids = [...threats, ...countermeasures].map((item) => item.id);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
    expect(threats.every((t) => t.id.startsWith("th."))).toBe(true);
    expect(countermeasures.every((c) => c.id.startsWith("cm."))).toBe(true);
  });

  it("hold 40–80 threats and 60–120 countermeasures", () => {
    expect(threats.length).toBeGreaterThanOrEqual(40);
    expect(threats.length).toBeLessThanOrEqual(80);
    expect(countermeasures.length).toBeGreaterThanOrEqual(60);
    expect(countermeasures.length).toBeLessThanOrEqual(120);
  });

  it("mitigate only threats that exist, and every threat is mitigated", () => {
    const threatIds = new Set(threats.map((t) => t.id));
    expect(countermeasures.flatMap((c) => missing(c.mitigates, threatIds))).toEqual([]);
    const mitigated = new Set(countermeasures.flatMap((c) => c.mitigates));
    expect(threats.filter((t) => !mitigated.has(t.id)).map((t) => t.id)).toEqual([]);
    expect(countermeasures.filter((c) => c.mitigates.length === 0)).toEqual([]);
  });

  it("cite only ATT&CK, IEC 62443-3-3 and CSF ids that exist in the reference sets", () => {
    expect(threats.flatMap((t) => missing(t.attack ?? [], techniques))).toEqual([]);
    expect(countermeasures.flatMap((c) => missing(c.attackMitigations ?? [], mitigations))).toEqual([]);
    expect(countermeasures.flatMap((c) => missing(c.iec62443 ?? [], srs))).toEqual([]);
    expect(countermeasures.flatMap((c) => missing(c.csf ?? [], csf))).toEqual([]);
  });

  it("do not cite ATT&CK's 'Mitigation Limited or Not Effective' marker as a countermeasure", () => {
    expect(countermeasures.filter((c) => c.attackMitigations?.includes("M0816")).map((c) => c.id)).toEqual(
      [],
    );
  });

  it("refine every row of the supplement's smart-factory threat table", () => {
    const rows = new Set(threats.flatMap((t) => t.smartFactoryRows ?? []));
    const expected = Array.from({ length: 9 }, (_, i) => `meti.sf-threat.${i + 1}`);
    expect(expected.filter((row) => !rows.has(row))).toEqual([]);
    expect([...rows].filter((row) => !expected.includes(row))).toEqual([]);
  });

  it("have countermeasures in every area and every physical subarea", () => {
    const areas = new Set(countermeasures.map((c) => c.area));
    for (const area of ["network", "device", "business-program-service", "physical", "organisational"]) {
      expect(areas.has(area as Countermeasure["area"]), area).toBe(true);
    }
    const subareas = new Set(countermeasures.filter((c) => c.area === "physical").map((c) => c.subarea));
    expect(
      Object.keys(physicalSubareas).filter((s) => !subareas.has(s as Countermeasure["subarea"])),
    ).toEqual([]);
    expect(countermeasures.filter((c) => (c.area === "physical") !== (c.subarea !== undefined))).toEqual([]);
  });

  it("cover every entry route with some threat", () => {
    const routes = new Set(threats.flatMap((t) => t.entryRoutes));
    expect(Object.keys(externalKinds).filter((k) => !routes.has(k as Threat["entryRoutes"][number]))).toEqual(
      [],
    );
  });

  it("name threats by their first entry route and countermeasures by their area", () => {
    const routes: Record<string, string> = {
      inet: "internet",
      cloud: "cloud-service",
      rm: "vendor-remote-maintenance",
      partner: "partner-network",
      it: "corporate-it",
      group: "group-plant",
      usb: "removable-media",
      mpc: "maintenance-pc",
      wl: "wireless",
      phys: "physical-access",
      insider: "insider",
      supply: "supplier-update",
    };
    const areas: Record<string, string> = {
      nw: "network",
      dev: "device",
      bps: "business-program-service",
      phys: "physical",
      org: "organisational",
    };
    const prefix = (id: string) => id.split(".")[1] ?? "";
    expect(threats.filter((t) => routes[prefix(t.id)] !== t.entryRoutes[0]).map((t) => t.id)).toEqual([]);
    expect(countermeasures.filter((c) => areas[prefix(c.id)] !== c.area).map((c) => c.id)).toEqual([]);
  });

  it("give a threat that refines a seed row the row's threat kind", () => {
    const rows = load("meti/smart-factory-threats.yaml");
    if (rows.catalogue !== "meti-smart-factory-threats") throw new Error("wrong catalogue");
    const kindOf = new Map(rows.items.map((row) => [row.id, row.threatKind]));
    const mismatched = threats.flatMap((t) =>
      (t.smartFactoryRows ?? [])
        .filter((row) => kindOf.get(row) !== t.threatKind)
        .map((row) => `${t.id} ${row}`),
    );
    expect(mismatched).toEqual([]);
  });

  it("list each value once in every list", () => {
    const lists = [
      ...threats.flatMap((t) => [
        t.entryRoutes,
        t.impacts,
        t.attack ?? [],
        t.smartFactoryRows ?? [],
        ...Object.values(t.appliesTo),
      ]),
      ...countermeasures.flatMap((c) => [
        c.mitigates,
        c.attackMitigations ?? [],
        c.iec62443 ?? [],
        c.csf ?? [],
        ...Object.values(c.appliesTo ?? {}),
      ]),
    ] as string[][];
    expect(lists.filter((list) => new Set(list).size !== list.length)).toEqual([]);
  });
});
