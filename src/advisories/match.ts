import { type CpeResult, cpeMatches, parseCpe } from "./cpe.js";
import type { AdvisoryProduct } from "./csaf-products.js";
import { type PurlResult, parsePurl, purlMatches } from "./purl.js";
import type { SbomHash } from "./sbom.js";
import { contains } from "./vers.js";
import { compareVersions } from "./versions.js";

/**
 * Does an advisory's product describe an installed asset (or an SBOM component)? Identifiers decide when
 * both sides have one; otherwise the vendor and product names are compared, which is only ever a suggestion
 * for a person to confirm. The version is judged apart, so a match can say "this is the product, but
 * whether your firmware is affected is unknown".
 *
 * The identifiers, in the order they are tried:
 * - a file hash or an SBOM URL identifies the product when the two sides share one, and says nothing when
 *   they do not: they name one file of the product or one SBOM of it, and another file or another SBOM
 *   (a different build, a second document) may still be the same product. A shared hash names the very
 *   file the advisory lists, so it also settles the version;
 * - a CPE, a purl, model numbers, serial numbers and SKUs decide either way: the first one both sides have
 *   accepts or rejects the product.
 */
export interface InventoryItem {
  readonly id: string;
  readonly vendor?: string;
  readonly product?: string;
  readonly model?: string;
  readonly version?: string;
  readonly cpe?: string;
  readonly purl?: string;
  readonly serialNumbers?: readonly string[];
  /** Stock keeping units (order or article numbers) of the asset. */
  readonly skus?: readonly string[];
  /** Hashes of the item's own file (an SBOM component's), algorithms written as CycloneDX writes them. */
  readonly hashes?: readonly SbomHash[];
  /** URLs (or URNs) naming an SBOM that describes the item. */
  readonly sbomUrls?: readonly string[];
}

export type Confidence = "exact-identifier" | "identifier-range" | "name-heuristic";
export type VersionVerdict = "affected-version" | "other-version" | "unknown";

export interface MatchReason {
  readonly code: string;
  readonly params: Readonly<Record<string, string>>;
}

export interface ProductMatch {
  readonly item: string;
  readonly product: string;
  readonly confidence: Confidence;
  readonly version: VersionVerdict;
  /** Needs no person: identified by an identifier and the version judged. */
  readonly certain: boolean;
  readonly reasons: readonly MatchReason[];
}

const reason = (code: string, params: Record<string, string> = {}): MatchReason => ({ code, params });

/**
 * NFKC, without calling into ICU for printable ASCII, which NFKC leaves as it is (most names are ASCII, and
 * normalising them was a third of the time of indexing the CISA corpus).
 */
const nfkc = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? text : text.normalize("NFKC"));

const corporate =
  /\b(?:corporation|corp|incorporated|inc|company|co|ltd|limited|llc|gmbh|ag|sa|se|plc|kk|k\.k|holdings|group)\b\.?/g;

/** "Mitsubishi Electric Corporation" → "mitsubishi electric"; "OMRON Corp." → "omron". */
export function normaliseVendor(name: string): string {
  return nfkc(name)
    .toLowerCase()
    .replace(/株式会社|\(株\)/g, " ")
    .replace(/[().,]/g, " ")
    .replace(corporate, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * "siemens" and "siemens energy" are not the same company; "mitsubishi electric" and "mitsubishi electric
 * iconics" might be: only a whole-word prefix of two or more words counts.
 */
export function sameVendor(a: string, b: string): boolean {
  return sameNormalisedVendor(normaliseVendor(a), normaliseVendor(b));
}

/** The vendor test of `sameVendor` on two names already normalised. */
function sameNormalisedVendor(x: string, y: string): boolean {
  if (!x || !y) return false;
  if (x === y) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.includes(" ") && long.startsWith(`${short} `);
}

/** Lowercase ASCII words of a name, as the name heuristics compare them. */
function nameTokens(text: string): string[] {
  return nfkc(text)
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * Model lists as vendors write them: "R04/08/16/32/120(EN)CPU" is R04CPU, R08CPU, …, R04ENCPU, … —
 * the letters before the first number and the text after the last one are shared.
 */
export function expandModels(name: string): string[] {
  const text = nfkc(name);
  if (!text.includes("/")) return [];
  const out = new Set<string>();
  for (const word of text.split(/\s+/)) {
    const parts = word.split("/");
    if (parts.length < 2) continue;
    const first = /^([A-Za-z-]*)(\d[\dA-Za-z]*)$/.exec(parts[0] as string);
    const last = /^(\d+)(.*)$/.exec(parts[parts.length - 1] as string);
    if (!first || !last) continue;
    const prefix = first[1] as string;
    const suffix = last[2] as string;
    const numbers = [first[2] as string, ...parts.slice(1, -1), last[1] as string];
    if (!numbers.every((n) => /^\d[\dA-Za-z]*$/.test(n))) continue;
    const optional = /\(([^)]*)\)/.exec(suffix);
    const suffixes = optional
      ? [suffix.replace(optional[0], ""), suffix.replace(optional[0], optional[1] as string)]
      : [suffix];
    for (const n of numbers) for (const s of suffixes) out.add(`${prefix}${n}${s}`.toUpperCase());
  }
  return [...out];
}

/** Model and serial numbers and SKUs as compared: NFKC, uppercase, without spaces and hyphens. */
const compactNumber = (text: string) => nfkc(text).toUpperCase().replace(/[\s-]/g, "");

/**
 * A hash as compared: the algorithm in lowercase without separators ("SHA-256", "sha256" and "SHA256" are
 * one algorithm; "sha3-256" is "sha3256"), then the value in lowercase.
 */
export const hashKey = (algorithm: string, value: string) =>
  `${algorithm.toLowerCase().replace(/[-_\s]/g, "")}:${value.trim().toLowerCase()}`;

/**
 * An SBOM URL as compared: scheme and host in lowercase (as URLs compare them), without a fragment or a
 * trailing slash; a URN (a CycloneDX serial number "urn:uuid:…") in lowercase. Text that is no URL is
 * compared as it is, trimmed.
 */
export function sbomUrlKey(text: string): string {
  const trimmed = text.trim();
  if (/^urn:/i.test(trimmed)) return trimmed.toLowerCase();
  if (!URL.canParse(trimmed)) return trimmed;
  const url = new URL(trimmed);
  url.hash = "";
  url.pathname = url.pathname.replace(/\/+$/, "") || "/";
  return url.href;
}

/**
 * A CSAF model or serial number pattern: `*` is any run, `?` one character, compared on the compact forms.
 * `prefix` is the literal text before the first wildcard, which every matching number starts with.
 */
export interface NumberPattern {
  readonly text: string;
  readonly prefix: string;
  readonly test: (compactValue: string) => boolean;
}

function numberPattern(pattern: string): NumberPattern {
  const compacted = compactNumber(pattern);
  const wild = compacted.search(/[*?]/);
  // Without wildcards the anchored pattern says what string equality says, faster.
  if (wild === -1) return { text: pattern, prefix: compacted, test: (value) => value === compacted };
  const escaped = compacted
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  const regex = new RegExp(`^${escaped}$`);
  return { text: pattern, prefix: compacted.slice(0, wild), test: (value) => regex.test(value) };
}

function judgeVersion(item: InventoryItem, product: AdvisoryProduct, reasons: MatchReason[]): VersionVerdict {
  if (product.range) {
    const { reading, text } = product.range;
    if (!reading.ok) {
      reasons.push(reason("range-unread", { range: text, why: reading.reason }));
      return "unknown";
    }
    if (reading.range.constraints === "*") {
      reasons.push(reason("all-versions", { range: text }));
      return "affected-version";
    }
    if (item.version === undefined) {
      reasons.push(reason("no-version", { range: text }));
      return "unknown";
    }
    const inside = contains(reading.range, item.version);
    if (inside === "incomparable") {
      reasons.push(reason("version-incomparable", { version: item.version, range: text }));
      return "unknown";
    }
    reasons.push(
      reason(inside ? "version-in-range" : "version-outside-range", { version: item.version, range: text }),
    );
    return inside ? "affected-version" : "other-version";
  }
  if (product.version !== undefined) {
    if (item.version === undefined) {
      reasons.push(reason("no-version", { range: product.version }));
      return "unknown";
    }
    const order = compareVersions(item.version, product.version, "all");
    if (order === "incomparable") {
      reasons.push(reason("version-incomparable", { version: item.version, range: product.version }));
      return "unknown";
    }
    reasons.push(
      reason(order === 0 ? "version-equal" : "version-different", {
        version: item.version,
        range: product.version,
      }),
    );
    return order === 0 ? "affected-version" : "other-version";
  }
  reasons.push(reason("product-without-version", {}));
  return "affected-version";
}

/**
 * What matching reads of an advisory's product, computed once per product: products are shared and never
 * mutated, so `matchProduct` keeps the result per product object, and an index keeps its own.
 */
export interface PreparedProduct {
  readonly product: AdvisoryProduct;
  /** `normaliseVendor` of the vendor; "" without one. */
  readonly vendor: string;
  /** The product family and name branches and the full product name, joined as reasons show them. */
  readonly label: string;
  readonly tokens: ReadonlySet<string>;
  /** `expandModels` of each name, in order. */
  readonly models: readonly string[];
  readonly cpe?: CpeResult;
  readonly purl?: PurlResult;
  readonly modelNumbers: readonly NumberPattern[];
  readonly serialNumbers: readonly NumberPattern[];
  readonly skus: readonly NumberPattern[];
  /** `hashKey` of each file hash → the file's name and the hash as the advisory writes it. */
  readonly hashes: ReadonlyMap<
    string,
    { readonly file: string; readonly algorithm: string; readonly value: string }
  >;
  /** `sbomUrlKey` of each SBOM URL → the URL as written. */
  readonly sbomUrls: ReadonlyMap<string, string>;
}

const prepared = new WeakMap<AdvisoryProduct, PreparedProduct>();

/** The words and expanded models of product names, remembered across the products of an index. */
export type NameMemo = Map<
  string,
  { readonly tokens: readonly string[]; readonly models: readonly string[] }
>;

const wordsOf = (name: string) => ({ tokens: nameTokens(name), models: expandModels(name) });

/** `prepareProduct` kept per product object, for callers that match the same products again and again. */
function preparedProduct(product: AdvisoryProduct): PreparedProduct {
  let value = prepared.get(product);
  if (value === undefined) {
    value = prepareProduct(product);
    prepared.set(product, value);
  }
  return value;
}

/** What matching reads of a product, made anew (an index keeps its own; names remembered in `memo`). */
export function prepareProduct(product: AdvisoryProduct, memo?: NameMemo): PreparedProduct {
  const names = [...product.productNames, product.name];
  const tokens = new Set<string>();
  const models: string[] = [];
  for (const name of names) {
    const words = remembered(memo, name, wordsOf);
    for (const token of words.tokens) tokens.add(token);
    for (const model of words.models) models.push(model);
  }
  // One shape for every product (no conditional spreads): they are read in the hottest loop.
  return {
    product,
    vendor: product.vendor ? normaliseVendor(product.vendor) : "",
    label: names.join(" / "),
    tokens,
    models,
    cpe: product.cpe ? parseCpe(product.cpe) : undefined,
    purl: product.purl ? parsePurl(product.purl) : undefined,
    modelNumbers: product.modelNumbers.map(numberPattern),
    serialNumbers: product.serialNumbers.map(numberPattern),
    skus: product.skus.map(numberPattern),
    hashes: product.hashes.length ? filesByHash(product) : noKeys,
    sbomUrls: product.sbomUrls.length
      ? new Map(product.sbomUrls.map((url) => [sbomUrlKey(url), url]))
      : noKeys,
  };
}

const noKeys: ReadonlyMap<string, never> = new Map<string, never>();

function filesByHash(product: AdvisoryProduct): PreparedProduct["hashes"] {
  const files = new Map<string, { file: string; algorithm: string; value: string }>();
  for (const file of product.hashes)
    for (const { algorithm, value } of file.hashes)
      files.set(hashKey(algorithm, value), { file: file.filename, algorithm, value });
  return files;
}

/** What matching reads of an inventory item, computed once per item (the CPE and purl when first needed). */
export interface PreparedItem {
  readonly item: InventoryItem;
  /** `normaliseVendor` of the vendor; "" without one. */
  readonly vendor: string;
  /** `compactNumber` of the model; "" without one. */
  readonly model: string;
  /** Words of the model with four or more characters, letters and digits (e.g. "nx1p2"). */
  readonly modelTokens: readonly string[];
  /** Words of the product name. */
  readonly productTokens: readonly string[];
  /** `compactNumber` of each serial number. */
  readonly serialNumbers: readonly string[];
  /** `compactNumber` of each SKU. */
  readonly skus: readonly string[];
  /** `hashKey` of each hash. */
  readonly hashes: readonly string[];
  /** `sbomUrlKey` of each SBOM URL. */
  readonly sbomUrls: readonly string[];
  cpe(): CpeResult | undefined;
  purl(): PurlResult | undefined;
}

/**
 * Text derived from item fields, remembered across the items of one run: inventories repeat vendors, models
 * and product names many times. Create one per run (it grows with the distinct texts it sees).
 */
export interface ItemMemo {
  readonly vendors: Map<string, string>;
  readonly models: Map<string, { readonly compact: string; readonly tokens: readonly string[] }>;
  readonly products: Map<string, readonly string[]>;
}

export const itemMemo = (): ItemMemo => ({ vendors: new Map(), models: new Map(), products: new Map() });

const none: readonly string[] = [];

function remembered<V>(map: Map<string, V> | undefined, key: string, make: (key: string) => V): V {
  if (!map) return make(key);
  let value = map.get(key);
  if (value === undefined) {
    value = make(key);
    map.set(key, value);
  }
  return value;
}

const modelOf = (model: string) => ({
  compact: compactNumber(model),
  tokens: nameTokens(model).filter((t) => t.length >= 4 && /\d/.test(t) && /[a-z]/.test(t)),
});

export function prepareItem(item: InventoryItem, memo?: ItemMemo): PreparedItem {
  const model = item.model ? remembered(memo?.models, item.model, modelOf) : undefined;
  let cpe: CpeResult | undefined;
  let purl: PurlResult | undefined;
  return {
    item,
    vendor: item.vendor ? remembered(memo?.vendors, item.vendor, normaliseVendor) : "",
    model: model?.compact ?? "",
    modelTokens: model?.tokens ?? none,
    productTokens: item.product ? remembered(memo?.products, item.product, nameTokens) : none,
    serialNumbers: item.serialNumbers?.length ? item.serialNumbers.map(compactNumber) : none,
    skus: item.skus?.length ? item.skus.map(compactNumber) : none,
    hashes: item.hashes?.length ? item.hashes.map((h) => hashKey(h.alg, h.content)) : none,
    sbomUrls: item.sbomUrls?.length ? item.sbomUrls.map(sbomUrlKey) : none,
    cpe: () => {
      if (cpe === undefined && item.cpe) cpe = parseCpe(item.cpe);
      return cpe;
    },
    purl: () => {
      if (purl === undefined && item.purl) purl = parsePurl(item.purl);
      return purl;
    },
  };
}

/**
 * The identifiers that only ever accept (a shared file hash, then a shared SBOM URL): how the item was
 * identified, or undefined.
 */
function byNamingIdentifier(
  prep: PreparedItem,
  p: PreparedProduct,
  reasons: MatchReason[],
): "hash" | "sbom-url" | undefined {
  if (p.hashes.size > 0)
    for (const key of prep.hashes) {
      const hash = p.hashes.get(key);
      if (hash === undefined) continue;
      // The advisory's spelling: items that differ only in theirs share this reason (advisory-index.ts).
      reasons.push(reason("file-hash", { ...hash }));
      return "hash";
    }
  if (p.sbomUrls.size > 0)
    for (const key of prep.sbomUrls) {
      const url = p.sbomUrls.get(key);
      if (url === undefined) continue;
      reasons.push(reason("sbom-url", { url }));
      return "sbom-url";
    }
  return undefined;
}

/** The first of the numbers that a pattern matches, with its index and the pattern. */
function firstMatching(
  numbers: readonly string[],
  patterns: readonly NumberPattern[],
): { at: number; pattern: NumberPattern } | undefined {
  for (let at = 0; at < numbers.length; at++) {
    const pattern = patterns.find((p) => p.test(numbers[at] as string));
    if (pattern) return { at, pattern };
  }
  return undefined;
}

/** The identifiers that decide: a verdict, or undefined when no identifier is on both sides. */
function byIdentifier(prep: PreparedItem, p: PreparedProduct, reasons: MatchReason[]): boolean | undefined {
  const { item } = prep;
  const { product } = p;
  if (product.cpe && item.cpe) {
    const pattern = p.cpe as CpeResult;
    const target = prep.cpe() as CpeResult;
    if (pattern.ok && target.ok) {
      const result = cpeMatches(pattern.value, target.value);
      reasons.push(reason("cpe", { advisory: product.cpe, asset: item.cpe, detail: result.reason }));
      return result.match === true;
    }
  }
  if (product.purl && item.purl) {
    const advisory = p.purl as PurlResult;
    const component = prep.purl() as PurlResult;
    if (advisory.ok && component.ok) {
      const result = purlMatches(advisory.value, component.value);
      reasons.push(reason("purl", { advisory: product.purl, asset: item.purl, detail: result.reason }));
      return result.match === true;
    }
  }
  if (p.modelNumbers.length && item.model) {
    const hit = p.modelNumbers.find((m) => m.test(prep.model))?.text;
    reasons.push(
      reason(hit ? "model-number" : "model-number-differs", {
        advisory: hit ?? product.modelNumbers.join(", "),
        asset: item.model,
      }),
    );
    return hit !== undefined;
  }
  if (p.serialNumbers.length && item.serialNumbers?.length) {
    const found = firstMatching(prep.serialNumbers, p.serialNumbers);
    const hit = found && item.serialNumbers[found.at];
    reasons.push(
      reason(hit ? "serial-number" : "serial-number-differs", {
        asset: hit ?? item.serialNumbers.join(", "),
      }),
    );
    return hit !== undefined;
  }
  if (p.skus.length && item.skus?.length) {
    const found = firstMatching(prep.skus, p.skus);
    reasons.push(
      found
        ? reason("sku", { advisory: found.pattern.text, asset: item.skus[found.at] as string })
        : reason("sku-differs", { advisory: product.skus.join(", "), asset: item.skus.join(", ") }),
    );
    return found !== undefined;
  }
  return undefined;
}

/** Does `compactModel` name the expanded model `listed`, alone or followed by a separator ("R04CPU(EN)")? */
const namesModel = (compactModel: string, listed: string): boolean =>
  compactModel === listed ||
  (compactModel.startsWith(listed) && /^[^A-Z0-9]/.test(compactModel.slice(listed.length)));

function byName(prep: PreparedItem, p: PreparedProduct, reasons: MatchReason[]): boolean {
  const { item } = prep;
  if (!sameNormalisedVendor(prep.vendor, p.vendor)) return false;
  if (item.model) {
    const listed = p.models.find((m) => namesModel(prep.model, m));
    if (listed) {
      reasons.push(reason("model-in-list", { model: item.model, listed }));
      return true;
    }
    const hit = prep.modelTokens.find((t) => p.tokens.has(t));
    if (hit) {
      reasons.push(reason("model-token", { token: hit, product: p.label }));
      return true;
    }
  }
  if (item.product) {
    const wanted = prep.productTokens;
    if (wanted.length > 0 && wanted.every((t) => p.tokens.has(t))) {
      reasons.push(reason("product-name", { asset: item.product, product: p.label }));
      return true;
    }
  }
  return false;
}

/** `matchProduct` on an item and a product prepared beforehand (the same result). */
export function matchPrepared(prep: PreparedItem, p: PreparedProduct): ProductMatch | undefined {
  const { item } = prep;
  const { product } = p;
  const reasons: MatchReason[] = [];
  const named = byNamingIdentifier(prep, p, reasons);
  const identified = named ? true : byIdentifier(prep, p, reasons);
  if (identified === false) return undefined;
  if (identified === undefined && !byName(prep, p, reasons)) return undefined;
  let version: VersionVerdict;
  if (named === "hash") {
    reasons.push(reason("version-by-hash", {}));
    version = "affected-version";
  } else version = judgeVersion(item, product, reasons);
  const hasRange = product.range !== undefined || product.version !== undefined;
  // A hash names one file: exact whatever versions the product spans.
  const confidence: Confidence = identified
    ? hasRange && named !== "hash"
      ? "identifier-range"
      : "exact-identifier"
    : "name-heuristic";
  return {
    item: item.id,
    product: product.productId,
    confidence,
    version,
    certain: identified === true && version !== "unknown",
    reasons,
  };
}

export function matchProduct(item: InventoryItem, product: AdvisoryProduct): ProductMatch | undefined {
  return matchPrepared(prepareItem(item), preparedProduct(product));
}

/**
 * Every (item, product) pair that matches. Products are indexed by vendor, so the cost grows with the
 * items times the products of their own vendor, not times every product. (`advisory-index.ts` indexes a
 * whole corpus by every identifier and name word.)
 */
export function matchInventory(
  items: readonly InventoryItem[],
  products: readonly AdvisoryProduct[],
): ProductMatch[] {
  const byVendor = new Map<string, PreparedProduct[]>();
  const anyVendor: PreparedProduct[] = [];
  for (const product of products) {
    const p = preparedProduct(product);
    const key = p.vendor.split(" ")[0];
    if (key) {
      const list = byVendor.get(key);
      if (list) list.push(p);
      else byVendor.set(key, [p]);
    }
    if (
      !key ||
      product.cpe ||
      product.purl ||
      product.modelNumbers.length ||
      product.serialNumbers.length ||
      product.skus.length ||
      product.hashes.length ||
      product.sbomUrls.length
    )
      anyVendor.push(p);
  }
  const memo = itemMemo();
  const matches: ProductMatch[] = [];
  for (const item of items) {
    const prep = prepareItem(item, memo);
    const key = prep.vendor.split(" ")[0];
    const candidates = new Set([
      ...(key ? (byVendor.get(key) ?? []) : []),
      ...(item.cpe ||
      item.purl ||
      item.model ||
      item.serialNumbers ||
      item.skus ||
      item.hashes ||
      item.sbomUrls
        ? anyVendor
        : []),
    ]);
    for (const p of candidates) {
      const match = matchPrepared(prep, p);
      if (match) matches.push(match);
    }
  }
  return matches;
}
