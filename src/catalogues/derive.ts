import type { AttackMitigation, AttackTechnique, CatalogueFile, CatalogueSource } from "./schema.js";

/**
 * Reference sets derived from the public data in ../shared/kb: MITRE ATT&CK for ICS (STIX 2.1 bundle) and
 * NIST CSF 2.0 (OSCAL catalog). Pure: the caller reads the files and passes the parsed JSON in; the result
 * is a catalogue file object that satisfies `CatalogueFile`. Items are sorted by id (and every list inside
 * an item is sorted) so the written JSON is byte-stable from one run to the next.
 *
 * Only identifiers, names, relations and crosswalk labels are kept; descriptions are left in the source.
 */

type AttackAssetItem = { id: string; name: string };
type CsfItem = { id: string; kind: "function" | "category" | "subcategory"; title: string };

type FileOf<N extends CatalogueFile["catalogue"]> = Extract<CatalogueFile, { catalogue: N }>;

// ---------------------------------------------------------------------------------------------------------
// MITRE ATT&CK for ICS

/** The copyright designation MITRE's terms of use require on every copy (kb/mitre-attack-ics/LICENSE.txt). */
export const mitreAttribution =
  "© 2025 The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation.";

const mitreLicence =
  "MITRE ATT&CK Terms of Use: non-exclusive, royalty-free licence for research, development and commercial use, " +
  "provided MITRE's copyright designation and the licence are reproduced (https://attack.mitre.org/resources/legal-and-branding/terms-of-use/)";

interface StixObject {
  type: string;
  id: string;
  name?: string;
  revoked?: boolean;
  x_mitre_deprecated?: boolean;
  external_references?: { source_name: string; external_id?: string }[];
  kill_chain_phases?: { kill_chain_name: string; phase_name: string }[];
  labels?: string[];
  relationship_type?: string;
  source_ref?: string;
  target_ref?: string;
  tactic_refs?: string[];
  x_mitre_shortname?: string;
  x_mitre_version?: string;
}

/** The parts of an ATT&CK for ICS bundle the reference sets are built from, indexed once. */
export interface AttackIndex {
  version: string;
  /** Active techniques, mitigations and assets by STIX id (revoked and deprecated objects are left out). */
  techniques: Map<string, StixObject>;
  mitigations: Map<string, StixObject>;
  assets: Map<string, StixObject>;
  relationships: StixObject[];
  /** Tactic short names in the matrix's column order. */
  tacticOrder: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail(what: string): never {
  throw new Error(`derive: ${what}`);
}

function isActive(object: StixObject): boolean {
  return object.revoked !== true && object.x_mitre_deprecated !== true;
}

/** The ATT&CK id is the external_id of the reference whose source_name is "mitre-attack". */
export function attackId(object: StixObject): string {
  const reference = object.external_references?.find((ref) => ref.source_name === "mitre-attack");
  if (reference?.external_id === undefined)
    fail(`${object.type} ${object.id} has no mitre-attack external_id`);
  return reference.external_id;
}

export function indexAttackBundle(bundle: unknown): AttackIndex {
  if (!isRecord(bundle) || bundle.type !== "bundle" || !Array.isArray(bundle.objects)) {
    fail("the ATT&CK file is not a STIX bundle (type 'bundle' with an 'objects' array)");
  }
  const objects = bundle.objects as StixObject[];
  const techniques = new Map<string, StixObject>();
  const mitigations = new Map<string, StixObject>();
  const assets = new Map<string, StixObject>();
  const tactics = new Map<string, string>();
  const relationships: StixObject[] = [];
  let version: string | undefined;
  let matrix: StixObject | undefined;
  for (const object of objects) {
    if (!isRecord(object) || typeof object.type !== "string" || typeof object.id !== "string") {
      fail("a bundle object lacks 'type' or 'id'");
    }
    if (object.type === "x-mitre-collection") version = object.x_mitre_version;
    if (!isActive(object)) continue;
    switch (object.type) {
      case "attack-pattern":
        techniques.set(object.id, object);
        break;
      case "course-of-action":
        mitigations.set(object.id, object);
        break;
      case "x-mitre-asset":
        assets.set(object.id, object);
        break;
      case "x-mitre-tactic":
        if (object.x_mitre_shortname !== undefined) tactics.set(object.id, object.x_mitre_shortname);
        break;
      case "x-mitre-matrix":
        matrix = object;
        break;
      case "relationship":
        relationships.push(object);
        break;
    }
  }
  if (version === undefined) fail("the bundle has no x-mitre-collection with x_mitre_version");
  const tacticOrder = (matrix?.tactic_refs ?? []).flatMap((ref) => {
    const shortName = tactics.get(ref);
    return shortName === undefined ? [] : [shortName];
  });
  return { version, techniques, mitigations, assets, relationships, tacticOrder };
}

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/** ATT&CK ids of the active targets of `relationship_type` edges from each active source. */
function edges(
  index: AttackIndex,
  type: "targets" | "mitigates",
  sources: Map<string, StixObject>,
  targets: Map<string, StixObject>,
): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const relationship of index.relationships) {
    if (relationship.relationship_type !== type) continue;
    const source = sources.get(relationship.source_ref ?? "");
    const target = targets.get(relationship.target_ref ?? "");
    if (source === undefined || target === undefined) continue;
    const key = attackId(source);
    const list = result.get(key) ?? [];
    list.push(attackId(target));
    result.set(key, list);
  }
  return result;
}

function attackSource(index: AttackIndex, what: { ja: string; en: string }, url: string): CatalogueSource {
  return {
    publisher: "mitre",
    document: { ja: `MITRE ATT&CK for ICS ${what.ja}`, en: `MITRE ATT&CK for ICS ${what.en}` },
    version: index.version,
    url,
    licence: mitreLicence,
    attribution: mitreAttribution,
  };
}

export function deriveAttackTechniques(bundle: unknown): FileOf<"attack-ics-techniques"> {
  const index = indexAttackBundle(bundle);
  const targets = edges(index, "targets", index.techniques, index.assets);
  const column = (tactic: string): number => {
    const position = index.tacticOrder.indexOf(tactic);
    return position === -1 ? Number.MAX_SAFE_INTEGER : position;
  };
  const items: AttackTechnique[] = [...index.techniques.values()].map((technique) => {
    const id = attackId(technique);
    const tactics = sorted(
      (technique.kill_chain_phases ?? [])
        .filter((phase) => phase.kill_chain_name === "mitre-ics-attack")
        .map((phase) => phase.phase_name),
    ).sort((a, b) => column(a) - column(b) || (a < b ? -1 : 1));
    if (tactics.length === 0) fail(`technique ${id} has no mitre-ics-attack kill chain phase`);
    return {
      id,
      name: technique.name ?? fail(`technique ${id} has no name`),
      tactics,
      assets: sorted(targets.get(id) ?? []),
    };
  });
  return {
    catalogue: "attack-ics-techniques",
    source: attackSource(
      index,
      { ja: "テクニック", en: "techniques" },
      "https://attack.mitre.org/techniques/ics/",
    ),
    items: items.sort(byId),
  };
}

export function deriveAttackMitigations(bundle: unknown): FileOf<"attack-ics-mitigations"> {
  const index = indexAttackBundle(bundle);
  const mitigates = edges(index, "mitigates", index.mitigations, index.techniques);
  const items: AttackMitigation[] = [...index.mitigations.values()].map((mitigation) => {
    const id = attackId(mitigation);
    return {
      id,
      name: mitigation.name ?? fail(`mitigation ${id} has no name`),
      techniques: sorted(mitigates.get(id) ?? []),
      labels: sorted(mitigation.labels ?? []),
    };
  });
  return {
    catalogue: "attack-ics-mitigations",
    source: attackSource(
      index,
      { ja: "緩和策", en: "mitigations" },
      "https://attack.mitre.org/mitigations/ics/",
    ),
    items: items.sort(byId),
  };
}

export function deriveAttackAssets(bundle: unknown): FileOf<"attack-ics-assets"> {
  const index = indexAttackBundle(bundle);
  const items: AttackAssetItem[] = [...index.assets.values()].map((asset) => {
    const id = attackId(asset);
    return { id, name: asset.name ?? fail(`asset ${id} has no name`) };
  });
  return {
    catalogue: "attack-ics-assets",
    source: attackSource(index, { ja: "資産タイプ", en: "asset types" }, "https://attack.mitre.org/assets/"),
    items: items.sort(byId),
  };
}

/** The IEC 62443-3-3 SR identifiers cited by a mitigation label, e.g. "IEC 62443-3-3:2013 - SR 5.1" → "SR 5.1". */
export function iecSrFromLabel(label: string): string | undefined {
  return /^IEC 62443-3-3(?::\d{4})? - (SR \d+\.\d+)$/.exec(label)?.[1];
}

// ---------------------------------------------------------------------------------------------------------
// NIST CSF 2.0 (OSCAL catalog)

interface OscalControl {
  id: string;
  class?: string;
  title?: string;
  props?: { name: string; value: string }[];
  parts?: { name: string; prose?: string }[];
  controls?: OscalControl[];
}

const withdrawn = (control: OscalControl): boolean =>
  (control.props ?? []).some((prop) => prop.name === "status" && prop.value === "withdrawn");

/** A subcategory's OSCAL title is its id; its outcome statement is what a reader needs, so that is kept. */
function statement(control: OscalControl): string | undefined {
  return control.parts?.find((part) => part.name === "statement")?.prose;
}

export function deriveCsf(catalogJson: unknown): FileOf<"nist-csf-2.0"> {
  if (!isRecord(catalogJson) || !isRecord(catalogJson.catalog)) fail("the CSF file is not an OSCAL catalog");
  const catalog = catalogJson.catalog as { metadata?: { version?: string }; groups?: OscalControl[] };
  if (!Array.isArray(catalog.groups)) fail("the CSF catalog has no groups");
  const items: CsfItem[] = [];
  const title = (control: OscalControl, text: string | undefined): string =>
    text ?? fail(`CSF ${control.id} has no title`);
  for (const fn of catalog.groups) {
    if (withdrawn(fn)) continue;
    items.push({ id: fn.id, kind: "function", title: title(fn, fn.title) });
    for (const category of fn.controls ?? []) {
      if (withdrawn(category)) continue;
      items.push({ id: category.id, kind: "category", title: title(category, category.title) });
      for (const subcategory of category.controls ?? []) {
        if (withdrawn(subcategory)) continue;
        items.push({
          id: subcategory.id,
          kind: "subcategory",
          title: title(subcategory, statement(subcategory)),
        });
      }
    }
  }
  const version = catalog.metadata?.version ?? fail("the CSF catalog has no metadata.version");
  return {
    catalogue: "nist-csf-2.0",
    source: {
      publisher: "nist",
      document: {
        ja: "NIST サイバーセキュリティフレームワーク（CSF）2.0",
        en: "NIST Cybersecurity Framework (CSF) 2.0",
      },
      version: `2.0 (OSCAL catalog ${version})`,
      url: "https://doi.org/10.6028/NIST.CSWP.29",
      licence: "Public domain in the United States (work of the US Government); CC0 1.0 Universal worldwide",
      attribution:
        "NIST Cybersecurity Framework (CSF) 2.0, NIST CSWP 29, National Institute of Standards and Technology; " +
        "OSCAL catalog from usnistgov/oscal-content",
    },
    items: items.sort(byId),
  };
}
