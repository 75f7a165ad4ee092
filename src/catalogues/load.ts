import { issuesToProblems, suggest } from "../model/issues.js";
import { type PathSegment, type Problem, problem, sortProblems } from "../model/problems.js";
import { parseSource, type SourceDocument } from "../model/source.js";
import {
  type AttackMitigation,
  type AttackTechnique,
  type Bilingual,
  CatalogueFile,
  type CatalogueName,
  type CatalogueSource,
  type Countermeasure,
  type CountermeasureArea,
  type IotMeasure,
  type MethodStep,
  type OodaRole,
  type SmartFactoryThreat,
  type SupplyChainCheckpoint,
  type Threat,
} from "./schema.js";

/**
 * Builds the catalogues from their files' text and checks them as a whole: every file against its
 * schema, then every cross-reference between files. Pure: the caller reads the files (./files.ts in
 * Node, a bundler import in the browser).
 */

export interface CatalogueText {
  path: string;
  text: string;
}

export interface FileProblem extends Problem {
  file: string;
}

/** Any catalogue item, with the source it comes from made explicit. */
export interface CatalogueEntry {
  id: string;
  catalogue: CatalogueName;
  title: Bilingual | string;
  source: CatalogueSource;
  item: Record<string, unknown>;
  file: string;
  path: PathSegment[];
}

export interface Catalogues {
  entries: Map<string, CatalogueEntry>;
  methodSteps: MethodStep[];
  smartFactoryThreats: SmartFactoryThreat[];
  oodaRoles: OodaRole[];
  supplyChainCheckpoints: SupplyChainCheckpoint[];
  iotMeasures: IotMeasure[];
  countermeasureAreas: CountermeasureArea[];
  threats: Threat[];
  countermeasures: Countermeasure[];
  attackTechniques: AttackTechnique[];
  attackMitigations: AttackMitigation[];
  /** threat id → the countermeasures that mitigate it (the inverse of `Countermeasure.mitigates`). */
  mitigatedBy: Map<string, Countermeasure[]>;
}

export interface LoadResult {
  catalogues?: Catalogues;
  problems: FileProblem[];
}

function titleOf(item: Record<string, unknown>): Bilingual | string {
  for (const key of ["name", "title", "threat", "text", "heading"]) {
    const value = item[key];
    if (typeof value === "string") return value;
    if (typeof value === "object" && value !== null && "ja" in value) return value as Bilingual;
  }
  return String(item.id);
}

export function loadCatalogues(texts: readonly CatalogueText[]): LoadResult {
  const problems: FileProblem[] = [];
  const files: { file: string; content: CatalogueFile }[] = [];
  const sources = new Map<string, SourceDocument>();
  for (const { path, text } of [...texts].sort((a, b) => a.path.localeCompare(b.path))) {
    const parsed = parseSource(text);
    if (!parsed.source) {
      problems.push(...parsed.problems.map((p) => ({ ...p, file: path })));
      continue;
    }
    const result = CatalogueFile.safeParse(parsed.source.value, { reportInput: true });
    if (!result.success) {
      const located = issuesToProblems(CatalogueFile, result.error.issues).map((p) => {
        const location = parsed.source?.locate(p.path, p.code === "unknown-key" ? "key" : "value");
        return { ...p, ...(location ? { location } : {}), file: path };
      });
      problems.push(...sortProblems(located).map((p) => ({ ...p, file: path })));
      continue;
    }
    files.push({ file: path, content: result.data });
    sources.set(path, parsed.source);
  }

  const entries = new Map<string, CatalogueEntry>();
  const byName = new Map<CatalogueName, unknown[]>();
  for (const { file, content } of files) {
    byName.set(content.catalogue, [...(byName.get(content.catalogue) ?? []), ...content.items]);
    content.items.forEach((item, index) => {
      const record = item as Record<string, unknown> & { id: string; section?: string };
      const path = ["items", index, "id"];
      const existing = entries.get(record.id);
      if (existing) {
        problems.push({
          ...problem("duplicate-id", path, { id: record.id, first: `${existing.file}` }),
          file,
        });
        return;
      }
      entries.set(record.id, {
        id: record.id,
        catalogue: content.catalogue,
        title: titleOf(record),
        source: record.section ? { ...content.source, section: record.section } : content.source,
        item: record,
        file,
        path: ["items", index],
      });
    });
  }

  const all = <T>(name: CatalogueName) => (byName.get(name) ?? []) as T[];
  const catalogues: Catalogues = {
    entries,
    methodSteps: all("meti-method-steps"),
    smartFactoryThreats: all("meti-smart-factory-threats"),
    oodaRoles: all("meti-ooda-roles"),
    supplyChainCheckpoints: all("meti-supply-chain-checkpoints"),
    iotMeasures: all("meti-iot-measures"),
    countermeasureAreas: all("meti-countermeasure-areas"),
    threats: all("mamori-threats"),
    countermeasures: all("mamori-countermeasures"),
    attackTechniques: all("attack-ics-techniques"),
    attackMitigations: all("attack-ics-mitigations"),
    mitigatedBy: new Map(),
  };
  for (const countermeasure of catalogues.countermeasures) {
    for (const threat of countermeasure.mitigates) {
      catalogues.mitigatedBy.set(threat, [...(catalogues.mitigatedBy.get(threat) ?? []), countermeasure]);
    }
  }
  for (const p of checkIntegrity(catalogues)) {
    const location = sources.get(p.file)?.locate(p.path);
    problems.push(location ? { ...p, location } : p);
  }
  return problems.some((p) => p.severity === "error") ? { problems } : { catalogues, problems };
}

/** Every cross-reference resolves to the right catalogue; every threat can be mitigated; every seed row is used. */
function checkIntegrity(c: Catalogues): FileProblem[] {
  const problems: FileProblem[] = [];
  const idsOf = (...names: CatalogueName[]) =>
    [...c.entries.values()].filter((e) => names.includes(e.catalogue)).map((e) => e.id);
  const expect = (
    owner: string,
    field: string,
    values: readonly string[] | undefined,
    target: CatalogueName,
    kind: string,
  ) => {
    const entry = c.entries.get(owner);
    if (!entry || !values) return;
    const candidates = idsOf(target);
    values.forEach((value, index) => {
      if (c.entries.get(value)?.catalogue === target) return;
      const suggestion = suggest(value, candidates);
      problems.push({
        ...problem("unknown-reference", [...entry.path, field, index], {
          id: value,
          kinds: [kind],
          ...(suggestion ? { suggestion } : {}),
        }),
        file: entry.file,
      });
    });
  };

  for (const threat of c.threats) {
    expect(threat.id, "attack", threat.attack, "attack-ics-techniques", "attackTechnique");
    expect(
      threat.id,
      "smartFactoryRows",
      threat.smartFactoryRows,
      "meti-smart-factory-threats",
      "smartFactoryRow",
    );
    if (!c.mitigatedBy.has(threat.id)) {
      const entry = c.entries.get(threat.id);
      if (entry)
        problems.push({ ...problem("unmitigated-threat", entry.path, { id: threat.id }), file: entry.file });
    }
  }
  for (const countermeasure of c.countermeasures) {
    expect(countermeasure.id, "mitigates", countermeasure.mitigates, "mamori-threats", "threat");
    expect(
      countermeasure.id,
      "attackMitigations",
      countermeasure.attackMitigations,
      "attack-ics-mitigations",
      "attackMitigation",
    );
    expect(countermeasure.id, "iec62443", countermeasure.iec62443, "iec-62443-3-3", "iecRequirement");
    expect(countermeasure.id, "csf", countermeasure.csf, "nist-csf-2.0", "csfElement");
  }
  const usedRows = new Set(c.threats.flatMap((t) => t.smartFactoryRows ?? []));
  for (const row of c.smartFactoryThreats) {
    if (usedRows.has(row.id)) continue;
    const entry = c.entries.get(row.id);
    if (entry)
      problems.push({ ...problem("unrefined-seed-row", entry.path, { id: row.id }), file: entry.file });
  }
  // The ATT&CK files are derived from one bundle; a dangling technique there means the derivation broke.
  for (const mitigation of c.attackMitigations) {
    expect(mitigation.id, "techniques", mitigation.techniques, "attack-ics-techniques", "attackTechnique");
  }
  return problems;
}

/** The ids of catalogue countermeasures, for checking a site's `countermeasures[].catalogue`. */
export function countermeasureIds(c: Catalogues): ReadonlySet<string> {
  return new Set(c.countermeasures.map((cm) => cm.id));
}
