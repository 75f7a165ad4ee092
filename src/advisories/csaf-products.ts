import { type NativeRangeReading, readNativeRange } from "./native-range.js";

/**
 * The products a CSAF 2.0 advisory names, flattened from its product tree: each full product name with the
 * branch path above it (vendor → product family/name → version or version range), its identification
 * helpers, and the status each vulnerability gives it. Pure and total: a malformed tree yields fewer
 * products, never an exception (validation against the schema happens at intake).
 */
export interface AdvisoryProduct {
  readonly productId: string;
  readonly name: string;
  readonly vendor?: string;
  /** product_family and product_name branches, outermost first. */
  readonly productNames: readonly string[];
  /** An exact version (product_version branch). */
  readonly version?: string;
  /** A version range (product_version_range branch), with how Mamori read it. */
  readonly range?: { readonly text: string; readonly reading: NativeRangeReading };
  readonly cpe?: string;
  readonly purl?: string;
  readonly modelNumbers: readonly string[];
  readonly serialNumbers: readonly string[];
  readonly skus: readonly string[];
  /** Files of the product, each by its name and one or more hashes. */
  readonly hashes: readonly ProductFile[];
  /** Where SBOMs of the product can be retrieved. */
  readonly sbomUrls: readonly string[];
  /** For products made by a relationship: "installed_on", "default_component_of"… and the two products. */
  readonly relationship?: { readonly category: string; readonly product: string; readonly relatesTo: string };
}

/** A file named by a product identification helper: its name and its hashes (algorithm as written). */
export interface ProductFile {
  readonly filename: string;
  readonly hashes: readonly { readonly algorithm: string; readonly value: string }[];
}

export const productStatuses = [
  "known_affected",
  "first_affected",
  "last_affected",
  "fixed",
  "first_fixed",
  "known_not_affected",
  "under_investigation",
  "recommended",
] as const;
export type ProductStatus = (typeof productStatuses)[number];

/** What the advisory says about a product, collapsed to the four states matching acts on. */
export type ProductState = "affected" | "fixed" | "not-affected" | "under-investigation";

export const stateOf: Record<ProductStatus, ProductState | undefined> = {
  known_affected: "affected",
  first_affected: "affected",
  last_affected: "affected",
  fixed: "fixed",
  first_fixed: "fixed",
  known_not_affected: "not-affected",
  under_investigation: "under-investigation",
  recommended: undefined,
};

export interface AdvisoryVulnerability {
  readonly cve?: string;
  readonly title?: string;
  readonly states: ReadonlyMap<string, ProductState>;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

function helpersOf(product: Json) {
  const helper = isObject(product.product_identification_helper) ? product.product_identification_helper : {};
  return {
    ...(typeof helper.cpe === "string" ? { cpe: helper.cpe } : {}),
    ...(typeof helper.purl === "string" ? { purl: helper.purl } : {}),
    modelNumbers: strings(helper.model_numbers),
    serialNumbers: strings(helper.serial_numbers),
    skus: strings(helper.skus),
    hashes: filesOf(helper.hashes),
    sbomUrls: strings(helper.sbom_urls),
  };
}

function filesOf(value: unknown): ProductFile[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).flatMap((file) => {
    const hashes = (Array.isArray(file.file_hashes) ? file.file_hashes : [])
      .filter(isObject)
      .flatMap((h) =>
        typeof h.algorithm === "string" && typeof h.value === "string"
          ? [{ algorithm: h.algorithm, value: h.value }]
          : [],
      );
    return hashes.length
      ? [{ filename: typeof file.filename === "string" ? file.filename : "", hashes }]
      : [];
  });
}

export function productsOf(document: unknown): AdvisoryProduct[] {
  const tree = isObject(document) && isObject(document.product_tree) ? document.product_tree : undefined;
  if (!tree) return [];
  const products = new Map<string, AdvisoryProduct>();
  interface Path {
    vendor?: string;
    names: string[];
    version?: string;
    range?: string;
  }
  const add = (product: unknown, path: Path) => {
    if (!isObject(product) || typeof product.product_id !== "string" || typeof product.name !== "string")
      return;
    products.set(product.product_id, {
      productId: product.product_id,
      name: product.name,
      ...(path.vendor ? { vendor: path.vendor } : {}),
      productNames: path.names,
      ...(path.version ? { version: path.version } : {}),
      ...(path.range ? { range: { text: path.range, reading: readNativeRange(path.range) } } : {}),
      ...helpersOf(product),
    });
  };
  const visit = (branches: unknown, path: Path) => {
    if (!Array.isArray(branches)) return;
    for (const branch of branches) {
      if (!isObject(branch) || typeof branch.name !== "string") continue;
      const next: Path = { ...path, names: [...path.names] };
      switch (branch.category) {
        case "vendor":
          next.vendor = branch.name;
          break;
        case "product_family":
        case "product_name":
          next.names.push(branch.name);
          break;
        case "product_version":
          // Some producers file "vers:all/*" under product_version; it is a range whatever the category.
          if (/^vers:/i.test(branch.name.trim())) next.range = branch.name;
          else next.version = branch.name;
          break;
        case "product_version_range":
          next.range = branch.name;
          break;
      }
      if (branch.product !== undefined) add(branch.product, next);
      visit(branch.branches, next);
    }
  };
  visit(tree.branches, { names: [] });
  for (const product of Array.isArray(tree.full_product_names) ? tree.full_product_names : [])
    add(product, { names: [] });
  for (const relation of Array.isArray(tree.relationships) ? tree.relationships : []) {
    if (!isObject(relation) || !isObject(relation.full_product_name)) continue;
    const id = relation.full_product_name.product_id;
    const inner =
      typeof relation.product_reference === "string" ? products.get(relation.product_reference) : undefined;
    if (typeof id !== "string" || typeof relation.full_product_name.name !== "string") continue;
    // A component "installed on" a platform is matched as the component: it is what has the version.
    products.set(id, {
      ...(inner ?? {
        modelNumbers: [],
        serialNumbers: [],
        skus: [],
        hashes: [],
        sbomUrls: [],
        productNames: [],
      }),
      productId: id,
      name: relation.full_product_name.name,
      relationship: {
        category: String(relation.category ?? ""),
        product: String(relation.product_reference ?? ""),
        relatesTo: String(relation.relates_to_product_reference ?? ""),
      },
    });
  }
  return [...products.values()];
}

/** Each vulnerability with the state it gives each product id (groups are not expanded here). */
export function vulnerabilitiesOf(document: unknown): AdvisoryVulnerability[] {
  const list = isObject(document) && Array.isArray(document.vulnerabilities) ? document.vulnerabilities : [];
  return list.filter(isObject).map((vulnerability) => {
    const states = new Map<string, ProductState>();
    const status = isObject(vulnerability.product_status) ? vulnerability.product_status : {};
    for (const key of productStatuses) {
      const state = stateOf[key];
      if (state) for (const id of strings(status[key])) states.set(id, state);
    }
    return {
      ...(typeof vulnerability.cve === "string" ? { cve: vulnerability.cve } : {}),
      ...(typeof vulnerability.title === "string" ? { title: vulnerability.title } : {}),
      states,
    };
  });
}
