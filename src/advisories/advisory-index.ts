import type { AdvisorySummary, ProductState } from "./advisory.js";
import type { CpeName, CpeValue } from "./cpe.js";
import {
  hashKey,
  type InventoryItem,
  type ItemMemo,
  itemMemo,
  matchPrepared,
  type NameMemo,
  type NumberPattern,
  normaliseVendor,
  type PreparedItem,
  type PreparedProduct,
  type ProductMatch,
  prepareItem,
  prepareProduct,
  sbomUrlKey,
} from "./match.js";
import type { Purl } from "./purl.js";

/**
 * Matching a whole advisory corpus against an inventory (issue 6). `buildAdvisoryIndex` indexes every
 * product of every advisory by each way `matchProduct` can accept it, so an item meets only the products
 * that could match it; `matchAdvisories` then runs `matchProduct`'s own decision on those candidates. The
 * result is exactly what `matchProduct` gives on every (item, product) pair, in item order and then in the
 * order of the advisories and of their products (a property test holds it to the brute force).
 *
 * How a product can match an item, and the index that finds it:
 * - a file hash or an SBOM URL the two sides share identifies the product (`match.ts`): products are indexed
 *   by each of theirs, compared as `hashKey` and `sbomUrlKey` write them;
 * - otherwise the first identifier both sides have decides: a CPE match needs the same vendor and product
 *   unless the advisory's CPE leaves them open (ANY or wildcards: such products meet every item with a CPE);
 *   a purl match needs the same type, namespace and name; a model number, serial number or SKU pattern
 *   matches only numbers starting with its text before the first wildcard, so patterns are indexed by that
 *   prefix and an item looks up the prefixes of its own number;
 * - names need the same vendor (`sameVendor`: equal, or a whole-word prefix of two or more words), so
 *   products are grouped by normalised vendor, and within a group by the expanded models of their names
 *   (an item's model or its prefix up to a separator) and by their words (a distinctive word of the
 *   item's model, or every word of its product name: the posting lists are intersected).
 *
 * Inventories repeat themselves (the same PLC model and firmware on a hundred lines, the same library in a
 * thousand SBOMs), so items with the same identifying fields are matched once and share the reasons of
 * their matches (shared values are never mutated).
 */

/** What one vulnerability of the advisory says about the matched product. */
export interface VulnerabilityState {
  readonly id: string;
  readonly state: ProductState;
}

export type AdvisoryMatch = ProductMatch & {
  /** `AdvisorySummary.key`. */
  readonly advisory: string;
  /** Each vulnerability of the advisory that gives the matched product a status, in the advisory's order. */
  readonly vulnerabilities: readonly VulnerabilityState[];
};

interface VendorGroup {
  /** Expanded model of a name (`expandModels`) → entries. */
  readonly models: Map<string, number[]>;
  /** Word of a name → entries. */
  readonly tokens: Map<string, number[]>;
}

interface NumberIndex {
  /** Literal text before the first wildcard → entries. */
  readonly byPrefix: Map<string, number[]>;
  /** The distinct prefix lengths, ascending: the only lengths worth looking up. */
  lengths: number[];
}

/** A match found for one set of identifying fields, before it is given an item's id. */
interface Found {
  readonly entry: number;
  readonly match: ProductMatch;
}

const nothing: readonly Found[] = [];

function push(map: Map<string, number[]>, key: string, entry: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [entry]);
  else if (list[list.length - 1] !== entry) list.push(entry);
}

/** A CPE's vendor and product when both are a literal value or NA; undefined when either is open. */
function cpeKey(name: CpeName): string | undefined {
  const part = (v: CpeValue) =>
    v.kind === "na"
      ? "-"
      : v.kind === "value" && v.before === "" && v.after === ""
        ? `=${v.text.toLowerCase()}`
        : undefined;
  const vendor = part(name.vendor);
  const product = part(name.product);
  return vendor === undefined || product === undefined ? undefined : `${vendor}\u0000${product}`;
}

const purlKey = (p: Purl) =>
  `${p.type}\u0000${p.namespace === undefined ? "\u0001" : `=${p.namespace}`}\u0000${p.name}`;

/** Whole-word prefixes of two or more words, shorter than the name ("a b c d" → "a b", "a b c"). */
function wordPrefixes(vendor: string): string[] {
  const out: string[] = [];
  let spaces = 0;
  for (let at = vendor.indexOf(" "); at !== -1; at = vendor.indexOf(" ", at + 1))
    if (++spaces >= 2) out.push(vendor.slice(0, at));
  return out;
}

const isAlphanumeric = (code: number) => (code >= 65 && code <= 90) || (code >= 48 && code <= 57);

/** Sorted lists of entries → the entries in all of them. */
function intersect(lists: readonly (readonly number[])[]): readonly number[] {
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  let result = sorted[0] ?? [];
  for (const other of sorted.slice(1)) {
    result = result.filter((entry) => {
      let low = 0;
      let high = other.length - 1;
      while (low <= high) {
        const mid = (low + high) >> 1;
        const value = other[mid] as number;
        if (value === entry) return true;
        if (value < entry) low = mid + 1;
        else high = mid - 1;
      }
      return false;
    });
    if (result.length === 0) break;
  }
  return result;
}

/** A list as one key: each entry with its length, so that no two lists make the same key. */
const listKey = (list: readonly string[] | undefined) =>
  list && `${list.length}#${list.map((n) => `${n.length}:${n}`).join("")}`;

/**
 * Matches found so far, by the identifying fields of the item: items with the same fields match the same
 * products with the same reasons. A tree of maps, one level per field (a missing field is the key
 * `undefined`, distinct from ""), so no key string is built per item. Fields no indexed product can look
 * at are left out (CPEs or purls when no product has a readable one, serial numbers or SKUs when none has
 * them): they cannot change a match, and serial numbers would make every item unique. Of hashes and SBOM
 * URLs only those some product has count (`hits`): the others can neither accept nor reject.
 */
class FoundByFields {
  private readonly root = new Map<string | undefined, unknown>();

  constructor(
    private readonly uses: { cpe: boolean; purl: boolean; serialNumbers: boolean; skus: boolean },
  ) {}

  /** The map holding the item's matches under its last field, and that field's key. */
  slot(
    item: InventoryItem,
    hits: string | undefined,
  ): [Map<string | undefined, unknown>, string | undefined] {
    let level = this.step(this.root, item.vendor);
    level = this.step(level, item.product);
    level = this.step(level, item.model);
    if (this.uses.cpe) level = this.step(level, item.cpe);
    if (this.uses.purl) level = this.step(level, item.purl);
    if (this.uses.serialNumbers) level = this.step(level, listKey(item.serialNumbers));
    if (this.uses.skus) level = this.step(level, listKey(item.skus));
    level = this.step(level, hits);
    return [level, item.version];
  }

  private step(level: Map<string | undefined, unknown>, key: string | undefined) {
    let next = level.get(key) as Map<string | undefined, unknown> | undefined;
    if (next === undefined) {
      next = new Map();
      level.set(key, next);
    }
    return next;
  }
}

export class AdvisoryIndex {
  readonly advisories: readonly AdvisorySummary[];
  /** Products indexed, over all advisories. */
  readonly size: number;
  private readonly products: PreparedProduct[] = [];
  private readonly advisoryKeys: string[] = [];
  private readonly states: (readonly VulnerabilityState[])[] = [];
  private readonly cpe = new Map<string, number[]>();
  /** Products whose CPE leaves the vendor or the product open. */
  private readonly cpeOpen: number[] = [];
  private readonly purl = new Map<string, number[]>();
  private readonly modelNumbers: NumberIndex = { byPrefix: new Map(), lengths: [] };
  private readonly serialNumbers: NumberIndex = { byPrefix: new Map(), lengths: [] };
  private readonly skus: NumberIndex = { byPrefix: new Map(), lengths: [] };
  /** `hashKey` → entries. */
  private readonly hashes = new Map<string, number[]>();
  /** `sbomUrlKey` → entries. */
  private readonly sbomUrls = new Map<string, number[]>();
  private readonly vendors = new Map<string, VendorGroup>();
  /** A whole-word prefix of two or more words → the groups of the longer vendors it starts. */
  private readonly vendorsStartingWith = new Map<string, VendorGroup[]>();

  constructor(advisories: readonly AdvisorySummary[]) {
    this.advisories = advisories;
    const names: NameMemo = new Map();
    for (const advisory of advisories) {
      const states = new Map<string, VulnerabilityState[]>();
      for (const vulnerability of advisory.vulnerabilities) {
        // One value per vulnerability and state, shared by the products it names.
        const said = new Map<ProductState, VulnerabilityState>();
        for (const [product, state] of Object.entries(vulnerability.states)) {
          let value = said.get(state);
          if (value === undefined) {
            value = { id: vulnerability.id, state };
            said.set(state, value);
          }
          const list = states.get(product);
          if (list) list.push(value);
          else states.set(product, [value]);
        }
      }
      for (const product of advisory.products) {
        const entry = this.products.length;
        const p = prepareProduct(product, names);
        this.products.push(p);
        this.advisoryKeys.push(advisory.key);
        this.states.push(states.get(product.productId) ?? []);
        this.add(entry, p);
      }
    }
    this.size = this.products.length;
    for (const index of [this.modelNumbers, this.serialNumbers, this.skus])
      index.lengths = [...new Set([...index.byPrefix.keys()].map((k) => k.length))].sort((a, b) => a - b);
  }

  private add(entry: number, p: PreparedProduct): void {
    if (p.cpe?.ok) {
      const key = cpeKey(p.cpe.value);
      if (key === undefined) this.cpeOpen.push(entry);
      else push(this.cpe, key, entry);
    }
    if (p.purl?.ok) push(this.purl, purlKey(p.purl.value), entry);
    const numbers = (patterns: readonly NumberPattern[], index: NumberIndex) => {
      for (const pattern of patterns) push(index.byPrefix, pattern.prefix, entry);
    };
    numbers(p.modelNumbers, this.modelNumbers);
    numbers(p.serialNumbers, this.serialNumbers);
    numbers(p.skus, this.skus);
    for (const key of p.hashes.keys()) push(this.hashes, key, entry);
    for (const key of p.sbomUrls.keys()) push(this.sbomUrls, key, entry);
    if (!p.vendor) return;
    let group = this.vendors.get(p.vendor);
    if (group === undefined) {
      group = { models: new Map(), tokens: new Map() };
      this.vendors.set(p.vendor, group);
      for (const prefix of wordPrefixes(p.vendor)) {
        const list = this.vendorsStartingWith.get(prefix);
        if (list) list.push(group);
        else this.vendorsStartingWith.set(prefix, [group]);
      }
    }
    for (const model of p.models) push(group.models, model, entry);
    for (const token of p.tokens) push(group.tokens, token, entry);
  }

  /** The vendor groups whose products an item of this (normalised) vendor may match by name. */
  private groupsOf(vendor: string): VendorGroup[] {
    if (!vendor) return [];
    const groups: VendorGroup[] = [];
    const same = this.vendors.get(vendor);
    if (same) groups.push(same);
    for (const prefix of wordPrefixes(vendor)) {
      const shorter = this.vendors.get(prefix);
      if (shorter) groups.push(shorter);
    }
    groups.push(...(this.vendorsStartingWith.get(vendor) ?? []));
    return groups;
  }

  /** Every product that could match the item, in index order. */
  private candidates(prep: PreparedItem, groups: readonly VendorGroup[], seen: Set<number>): number[] {
    const { item } = prep;
    const found: number[] = [];
    const add = (list: readonly number[] | undefined) => {
      if (list)
        for (const entry of list)
          if (!seen.has(entry)) {
            seen.add(entry);
            found.push(entry);
          }
    };
    if (item.cpe && (this.cpe.size > 0 || this.cpeOpen.length > 0)) {
      const parsed = prep.cpe();
      if (parsed?.ok) {
        add(this.cpeOpen);
        const key = cpeKey(parsed.value);
        if (key !== undefined) add(this.cpe.get(key));
      }
    }
    if (item.purl && this.purl.size > 0) {
      const parsed = prep.purl();
      if (parsed?.ok) add(this.purl.get(purlKey(parsed.value)));
    }
    const numbers = (value: string, index: NumberIndex) => {
      for (const length of index.lengths) {
        if (length > value.length) break;
        add(index.byPrefix.get(value.slice(0, length)));
      }
    };
    if (item.model) numbers(prep.model, this.modelNumbers);
    for (const serial of prep.serialNumbers) numbers(serial, this.serialNumbers);
    for (const sku of prep.skus) numbers(sku, this.skus);
    for (const key of prep.hashes) add(this.hashes.get(key));
    for (const key of prep.sbomUrls) add(this.sbomUrls.get(key));
    for (const group of groups) {
      if (item.model) {
        // A listed model names the item's model alone or followed by a separator ("R04CPU(EN)"): the
        // whole model and each prefix that ends before a character other than A-Z and 0-9.
        const model = prep.model;
        add(group.models.get(model));
        for (let i = 1; i < model.length; i++)
          if (!isAlphanumeric(model.charCodeAt(i))) add(group.models.get(model.slice(0, i)));
        for (const token of prep.modelTokens) add(group.tokens.get(token));
      }
      if (item.product && prep.productTokens.length > 0) {
        const lists: number[][] = [];
        for (const token of prep.productTokens) {
          const list = group.tokens.get(token);
          if (list === undefined) break;
          lists.push(list);
        }
        if (lists.length === prep.productTokens.length) add(intersect(lists));
      }
    }
    seen.clear();
    return found.sort((a, b) => a - b);
  }

  /**
   * The item's hashes and SBOM URLs that some product has, as one key (undefined when none): all that
   * those two identifiers can decide for this item.
   */
  private hits(item: InventoryItem): string | undefined {
    const hashes = item.hashes !== undefined && this.hashes.size > 0;
    if (!hashes && (item.sbomUrls === undefined || this.sbomUrls.size === 0)) return undefined;
    const found: string[] = [];
    if (hashes && item.hashes)
      for (const hash of item.hashes) {
        const key = hashKey(hash.alg, hash.content);
        if (this.hashes.has(key)) found.push(`#${key}`);
      }
    if (item.sbomUrls && this.sbomUrls.size > 0)
      for (const url of item.sbomUrls) {
        const key = sbomUrlKey(url);
        if (this.sbomUrls.has(key)) found.push(`@${key}`);
      }
    return found.length ? listKey(found) : undefined;
  }

  /** Whether an item has anything any index could look up (most SBOM components do not). */
  private mayMatch(item: InventoryItem, groups: readonly VendorGroup[], hits: string | undefined): boolean {
    return (
      groups.length > 0 ||
      hits !== undefined ||
      (!!item.cpe && (this.cpe.size > 0 || this.cpeOpen.length > 0)) ||
      (!!item.purl && this.purl.size > 0) ||
      (!!item.model && this.modelNumbers.lengths.length > 0) ||
      (!!item.serialNumbers?.length && this.serialNumbers.lengths.length > 0) ||
      (!!item.skus?.length && this.skus.lengths.length > 0)
    );
  }

  match(items: readonly InventoryItem[]): AdvisoryMatch[] {
    const memo: ItemMemo = itemMemo();
    const groupsByVendor = new Map<string, VendorGroup[]>();
    const byFields = new FoundByFields({
      cpe: this.cpe.size > 0 || this.cpeOpen.length > 0,
      purl: this.purl.size > 0,
      serialNumbers: this.serialNumbers.lengths.length > 0,
      skus: this.skus.lengths.length > 0,
    });
    const seen = new Set<number>();
    const out: AdvisoryMatch[] = [];
    for (const item of items) {
      let groups: VendorGroup[] = [];
      if (item.vendor && this.vendors.size > 0) {
        const known = groupsByVendor.get(item.vendor);
        if (known) groups = known;
        else {
          groups = this.groupsOf(normaliseVendor(item.vendor));
          groupsByVendor.set(item.vendor, groups);
        }
      }
      const hits = this.hits(item);
      if (!this.mayMatch(item, groups, hits)) continue;
      const [slot, key] = byFields.slot(item, hits);
      let found = slot.get(key) as readonly Found[] | undefined;
      if (found === undefined) {
        const prep = prepareItem(item, memo);
        const list: Found[] = [];
        for (const entry of this.candidates(prep, groups, seen)) {
          const match = matchPrepared(prep, this.products[entry] as PreparedProduct);
          if (match) list.push({ entry, match });
        }
        found = list.length ? list : nothing;
        slot.set(key, found);
      }
      for (const { entry, match } of found)
        out.push({
          item: item.id,
          product: match.product,
          confidence: match.confidence,
          version: match.version,
          certain: match.certain,
          reasons: match.reasons,
          advisory: this.advisoryKeys[entry] as string,
          vulnerabilities: this.states[entry] as readonly VulnerabilityState[],
        });
    }
    return out;
  }
}

export function buildAdvisoryIndex(advisories: readonly AdvisorySummary[]): AdvisoryIndex {
  return new AdvisoryIndex(advisories);
}

/** Every (item, advisory product) pair that matches: `matchProduct` on each pair, without trying each. */
export function matchAdvisories(index: AdvisoryIndex, items: readonly InventoryItem[]): AdvisoryMatch[] {
  return index.match(items);
}
