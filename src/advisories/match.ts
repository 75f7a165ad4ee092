import { cpeMatches, parseCpe } from "./cpe.js";
import type { AdvisoryProduct } from "./csaf-products.js";
import { parsePurl, purlMatches } from "./purl.js";
import { contains } from "./vers.js";
import { compareVersions } from "./versions.js";

/**
 * Does an advisory's product describe an installed asset (or an SBOM component)? Identifiers decide when
 * both sides have one (CPE, purl, model number, serial number); otherwise the vendor and product names are
 * compared, which is only ever a suggestion for a person to confirm. The version is judged apart, so a
 * match can say "this is the product, but whether your firmware is affected is unknown".
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

const corporate =
  /\b(?:corporation|corp|incorporated|inc|company|co|ltd|limited|llc|gmbh|ag|sa|se|plc|kk|k\.k|holdings|group)\b\.?/g;

/** "Mitsubishi Electric Corporation" → "mitsubishi electric"; "OMRON Corp." → "omron". */
export function normaliseVendor(name: string): string {
  return name
    .normalize("NFKC")
    .toLowerCase()
    .replace(/株式会社|\(株\)/g, " ")
    .replace(/[().,]/g, " ")
    .replace(corporate, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export function sameVendor(a: string, b: string): boolean {
  const x = normaliseVendor(a);
  const y = normaliseVendor(b);
  if (!x || !y) return false;
  if (x === y) return true;
  // "siemens" and "siemens energy" are not the same company; "mitsubishi electric" and
  // "mitsubishi electric iconics" might be: only a whole-word prefix of two or more words counts.
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.includes(" ") && long.startsWith(`${short} `);
}

function tokens(text: string): string[] {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * Model lists as vendors write them: "R04/08/16/32/120(EN)CPU" is R04CPU, R08CPU, …, R04ENCPU, … —
 * the letters before the first number and the text after the last one are shared.
 */
export function expandModels(name: string): string[] {
  const out = new Set<string>();
  for (const word of name.normalize("NFKC").split(/\s+/)) {
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

const compact = (text: string) => text.normalize("NFKC").toUpperCase().replace(/[\s-]/g, "");

function wildcard(pattern: string, value: string): boolean {
  // CSAF model and serial numbers use * (any run) and ? (one character).
  const escaped = compact(pattern)
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`).test(compact(value));
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

/** Identifiers first: a verdict, or undefined when no identifier is on both sides. */
function byIdentifier(
  item: InventoryItem,
  product: AdvisoryProduct,
  reasons: MatchReason[],
): boolean | undefined {
  if (product.cpe && item.cpe) {
    const pattern = parseCpe(product.cpe);
    const target = parseCpe(item.cpe);
    if (pattern.ok && target.ok) {
      const result = cpeMatches(pattern.value, target.value);
      reasons.push(reason("cpe", { advisory: product.cpe, asset: item.cpe, detail: result.reason }));
      return result.match === true;
    }
  }
  if (product.purl && item.purl) {
    const advisory = parsePurl(product.purl);
    const component = parsePurl(item.purl);
    if (advisory.ok && component.ok) {
      const result = purlMatches(advisory.value, component.value);
      reasons.push(reason("purl", { advisory: product.purl, asset: item.purl, detail: result.reason }));
      return result.match === true;
    }
  }
  if (product.modelNumbers.length && item.model) {
    const hit = product.modelNumbers.find((m) => wildcard(m, item.model as string));
    reasons.push(
      reason(hit ? "model-number" : "model-number-differs", {
        advisory: hit ?? product.modelNumbers.join(", "),
        asset: item.model,
      }),
    );
    return hit !== undefined;
  }
  if (product.serialNumbers.length && item.serialNumbers?.length) {
    const hit = item.serialNumbers.find((s) => product.serialNumbers.some((p) => wildcard(p, s)));
    reasons.push(
      reason(hit ? "serial-number" : "serial-number-differs", {
        asset: hit ?? item.serialNumbers.join(", "),
      }),
    );
    return hit !== undefined;
  }
  return undefined;
}

function byName(item: InventoryItem, product: AdvisoryProduct, reasons: MatchReason[]): boolean {
  if (!item.vendor || !product.vendor || !sameVendor(item.vendor, product.vendor)) return false;
  const names = [...product.productNames, product.name];
  const productTokens = new Set(names.flatMap(tokens));
  if (item.model) {
    const models = names.flatMap(expandModels);
    const model = compact(item.model);
    const listed = models.find(
      (m) => model === m || (model.startsWith(`${m}`) && /^[^A-Z0-9]/.test(model.slice(m.length))),
    );
    if (listed) {
      reasons.push(reason("model-in-list", { model: item.model, listed }));
      return true;
    }
    const distinctive = tokens(item.model).filter((t) => t.length >= 4 && /\d/.test(t) && /[a-z]/.test(t));
    const hit = distinctive.find((t) => productTokens.has(t));
    if (hit) {
      reasons.push(reason("model-token", { token: hit, product: names.join(" / ") }));
      return true;
    }
  }
  if (item.product) {
    const wanted = tokens(item.product);
    if (wanted.length > 0 && wanted.every((t) => productTokens.has(t))) {
      reasons.push(reason("product-name", { asset: item.product, product: names.join(" / ") }));
      return true;
    }
  }
  return false;
}

export function matchProduct(item: InventoryItem, product: AdvisoryProduct): ProductMatch | undefined {
  const reasons: MatchReason[] = [];
  const identified = byIdentifier(item, product, reasons);
  if (identified === false) return undefined;
  if (identified === undefined && !byName(item, product, reasons)) return undefined;
  const version = judgeVersion(item, product, reasons);
  const hasRange = product.range !== undefined || product.version !== undefined;
  const confidence: Confidence = identified
    ? hasRange
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

/**
 * Every (item, product) pair that matches. Products are indexed by vendor, so the cost grows with the
 * items times the products of their own vendor, not times every product.
 */
export function matchInventory(
  items: readonly InventoryItem[],
  products: readonly AdvisoryProduct[],
): ProductMatch[] {
  const byVendor = new Map<string, AdvisoryProduct[]>();
  const anyVendor: AdvisoryProduct[] = [];
  for (const product of products) {
    const key = product.vendor ? normaliseVendor(product.vendor).split(" ")[0] : undefined;
    if (key) byVendor.set(key, [...(byVendor.get(key) ?? []), product]);
    if (!key || product.cpe || product.purl || product.modelNumbers.length || product.serialNumbers.length)
      anyVendor.push(product);
  }
  const matches: ProductMatch[] = [];
  for (const item of items) {
    const key = item.vendor ? normaliseVendor(item.vendor).split(" ")[0] : undefined;
    const candidates = new Set([
      ...(key ? (byVendor.get(key) ?? []) : []),
      ...(item.cpe || item.purl || item.model || item.serialNumbers ? anyVendor : []),
    ]);
    for (const product of candidates) {
      const match = matchProduct(item, product);
      if (match) matches.push(match);
    }
  }
  return matches;
}
