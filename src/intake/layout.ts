/**
 * The distribution layouts of CSAF 2.0 (section 7.1): provider-metadata.json, ROLIE feeds, and directories
 * with index.txt and changes.csv. Pure: text or parsed JSON in, references and located problems out; the
 * reading is source.ts's. Everything that turns a reference from a listing into a place to read lives here,
 * so the rule that nothing may leave its base is in one file with its property tests.
 */

export interface LayoutProblem {
  readonly code:
    | "index-line"
    | "changes-line"
    | "changes-date"
    | "metadata-field"
    | "feed-field"
    | "unsafe-reference";
  readonly message: string;
  /** JSON pointer for JSON listings, "" for text ones. */
  readonly at: string;
  /** 1-based line for text listings. */
  readonly line?: number;
  readonly params: Readonly<Record<string, string | number>>;
}

export type JsonKind =
  | "csaf"
  | "osv"
  | "provider-metadata"
  | "rolie-feed"
  | "rolie-service"
  | "rolie-category"
  | "aggregator"
  | "unknown";

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * What a parsed JSON value is, by content only (a file's name says nothing a hostile copy cannot fake).
 * CSAF: `document.csaf_version`. OSV: `schema_version`, or `id` with `modified`. The layout files are
 * recognised so a folder walk can pass over them instead of refusing them as unknown documents.
 */
export function classifyJson(value: unknown): JsonKind {
  if (!isObject(value)) return "unknown";
  if (isObject(value.document) && "csaf_version" in value.document) return "csaf";
  if (typeof value.schema_version === "string" || ("id" in value && "modified" in value)) return "osv";
  if ("canonical_url" in value && ("metadata_version" in value || "distributions" in value))
    return isObject(value.aggregator) ? "aggregator" : "provider-metadata";
  if ("aggregator" in value && "csaf_providers" in value) return "aggregator";
  if (isObject(value.feed)) return "rolie-feed";
  if (isObject(value.service)) return "rolie-service";
  if (isObject(value.categories)) return "rolie-category";
  return "unknown";
}

// --- references and where they may lead ------------------------------------------------------------

/** Control characters and backslashes: never part of a name a provider lists, and a backslash is a separator on Windows. */
function hasUnsafeCharacter(segment: string): boolean {
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0x5c) return true;
  }
  return false;
}

/** A decoded path segment that names a file or folder inside its parent and nothing else. */
function safeSegment(segment: string): boolean {
  return (
    segment !== "" &&
    segment !== "." &&
    segment !== ".." &&
    !segment.includes("/") &&
    !hasUnsafeCharacter(segment)
  );
}

function decodeSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

export function isAbsoluteUrl(reference: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(reference);
}

/**
 * A relative reference from index.txt, changes.csv or a folder listing → its decoded segments, or undefined
 * when it could leave the folder it is relative to: absolute paths and URLs, `..` and `.` (also
 * percent-encoded), empty segments, encoded slashes, backslashes, control characters, queries, fragments.
 * Refused rather than normalised: a listing that says `a/../b` is not one a provider wrote.
 */
export function safeSegments(reference: string): string[] | undefined {
  if (reference === "" || reference.startsWith("/") || isAbsoluteUrl(reference)) return undefined;
  if (reference.includes("?") || reference.includes("#")) return undefined;
  const segments: string[] = [];
  for (const raw of reference.split("/")) {
    const segment = decodeSegment(raw);
    if (segment === undefined || !safeSegment(segment)) return undefined;
    segments.push(segment);
  }
  return segments;
}

/** The decoded segments of a URL's path, or undefined when one of them is not a plain name. */
export function urlSegments(url: URL): string[] | undefined {
  const raw = url.pathname.split("/").slice(1);
  // A trailing slash names a directory, whose last segment is empty; that is not a file to read.
  const segments: string[] = [];
  for (const part of raw) {
    const segment = decodeSegment(part);
    if (segment === undefined || !safeSegment(segment)) return undefined;
    segments.push(segment);
  }
  return segments;
}

export function parseUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === "https:" || url.protocol === "http:" ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The directory part of a URL (everything up to and including the last slash of its path). */
export function directoryOf(url: URL): URL {
  const directory = new URL(url.href);
  directory.pathname = url.pathname.slice(0, url.pathname.lastIndexOf("/") + 1);
  directory.search = "";
  directory.hash = "";
  return directory;
}

/**
 * The segments of `target` below the directory of `anchor` (same scheme, host and port), or undefined. The
 * offline rule: a provider-metadata.json or feed names its documents by their https URLs; on a USB copy the
 * same path below the metadata's own URL is the same path below the metadata's folder.
 */
export function segmentsBelow(target: string, anchor: string): string[] | undefined {
  const url = parseUrl(target);
  const base = parseUrl(anchor);
  if (!url || !base || url.origin !== base.origin) return undefined;
  const directory = directoryOf(base).pathname;
  if (!url.pathname.startsWith(directory)) return undefined;
  const rest = url.pathname.slice(directory.length);
  return rest === "" ? undefined : safeSegments(rest);
}

/**
 * The longest k (< relative.length) for which the last k segments of `base` are the first k of `relative`.
 * CISA's index.txt writes `csaf_files/OT/white/2024/x.json` in the folder `csaf_files/OT/white`: paths
 * relative to the repository root, not to the folder as the standard says; the overlap finds the folder.
 */
export function overlapLength(base: readonly string[], relative: readonly string[]): number {
  for (let k = Math.min(base.length, relative.length - 1); k > 0; k--) {
    let same = true;
    for (let j = 0; j < k && same; j++) same = base[base.length - k + j] === relative[j];
    if (same) return k;
  }
  return 0;
}

/**
 * Where a relative reference from a listing in `directory` may be, in the order to try: as the standard
 * says (below the directory), then with the listing's overlap with the directory removed. Each candidate
 * is a list of segments below `directory`; none can leave it.
 */
export function referenceCandidates(directory: readonly string[], reference: string): string[][] {
  const segments = safeSegments(reference);
  if (!segments) return [];
  const candidates = [segments];
  const k = overlapLength(directory, segments);
  if (k > 0) candidates.push(segments.slice(k));
  return candidates;
}

/**
 * Candidates below a local base for a URL no anchor explains (a feed on another host, a key server): the
 * URL path's suffixes, longest first, so `https://keys.example.net/vks/v1/by-fingerprint/ABC` may be found
 * as `by-fingerprint/ABC` or `ABC` in the copy. The caller takes the first that exists.
 */
export function suffixCandidates(url: string): string[][] {
  const parsed = parseUrl(url);
  const segments = parsed ? urlSegments(parsed) : undefined;
  if (!segments || segments.length === 0) return [];
  return segments.map((_, i) => segments.slice(i));
}

// --- index.txt and changes.csv ---------------------------------------------------------------------

export interface ListedReference {
  readonly reference: string;
  readonly line: number;
}

/** index.txt: one relative reference per line; blank lines are ignored, anything else unsafe is a problem. */
export function parseIndexTxt(text: string): { references: ListedReference[]; problems: LayoutProblem[] } {
  const references: ListedReference[] = [];
  const problems: LayoutProblem[] = [];
  text.split("\n").forEach((raw, index) => {
    const reference = raw.replace(/\r$/, "").trim();
    if (reference === "") return;
    if (isAbsoluteUrl(reference) ? !parseUrl(reference) : !safeSegments(reference))
      problems.push({
        code: "unsafe-reference",
        message: `line ${index + 1} names a place outside the listing's folder: ${reference}`,
        at: "",
        line: index + 1,
        params: { reference },
      });
    else references.push({ reference, line: index + 1 });
  });
  return { references, problems };
}

export interface ListedChange extends ListedReference {
  readonly date: string;
}

/** One CSV record on one line (RFC 4180 quoting; a path or a date never spans lines). */
export function splitCsvLine(line: string): string[] | undefined {
  const fields: string[] = [];
  let i = 0;
  while (true) {
    if (line[i] === '"') {
      let value = "";
      i++;
      while (true) {
        const close = line.indexOf('"', i);
        if (close < 0) return undefined;
        value += line.slice(i, close);
        if (line[close + 1] === '"') {
          value += '"';
          i = close + 2;
        } else {
          i = close + 1;
          break;
        }
      }
      fields.push(value);
      if (i === line.length) return fields;
      if (line[i] !== ",") return undefined;
      i++;
    } else {
      const comma = line.indexOf(",", i);
      const value = comma < 0 ? line.slice(i) : line.slice(i, comma);
      if (value.includes('"')) return undefined;
      fields.push(value);
      if (comma < 0) return fields;
      i = comma + 1;
    }
  }
}

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** changes.csv: `reference,date` per line, newest first by the standard (the order is not relied on). */
export function parseChangesCsv(text: string): { changes: ListedChange[]; problems: LayoutProblem[] } {
  const changes: ListedChange[] = [];
  const problems: LayoutProblem[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    const content = raw.replace(/\r$/, "");
    if (content.trim() === "") return;
    const fields = splitCsvLine(content);
    if (fields?.length !== 2) {
      problems.push({
        code: "changes-line",
        message: `line ${line} is not two comma-separated fields`,
        at: "",
        line,
        params: { text: content.slice(0, 200) },
      });
      return;
    }
    const [reference = "", date = ""] = fields.map((f) => f.trim());
    if (isAbsoluteUrl(reference) ? !parseUrl(reference) : !safeSegments(reference)) {
      problems.push({
        code: "unsafe-reference",
        message: `line ${line} names a place outside the listing's folder: ${reference}`,
        at: "",
        line,
        params: { reference },
      });
      return;
    }
    if (!isoDateTime.test(date) || Number.isNaN(Date.parse(date))) {
      problems.push({
        code: "changes-date",
        message: `line ${line}: "${date}" is not an RFC 3339 date and time`,
        at: "",
        line,
        params: { date },
      });
      return;
    }
    changes.push({ reference, date, line });
  });
  return { changes, problems };
}

// --- provider-metadata.json and ROLIE feeds ---------------------------------------------------------

export interface ProviderMetadata {
  readonly canonicalUrl?: string;
  readonly directoryUrls: readonly string[];
  readonly feedUrls: readonly string[];
  readonly keys: readonly { readonly url: string; readonly fingerprint?: string }[];
  readonly problems: readonly LayoutProblem[];
}

const fieldProblem = (code: "metadata-field" | "feed-field", at: string, message: string): LayoutProblem => ({
  code,
  at,
  message,
  params: { at },
});

/** The parts of provider-metadata.json (section 7.1.20) that say where the documents and keys are. */
export function readProviderMetadata(value: unknown): ProviderMetadata {
  const problems: LayoutProblem[] = [];
  const url = (v: unknown, at: string): string | undefined => {
    if (typeof v === "string" && parseUrl(v)) return v;
    problems.push(fieldProblem("metadata-field", at, "an http(s) URL is expected here"));
    return undefined;
  };
  if (!isObject(value))
    return {
      directoryUrls: [],
      feedUrls: [],
      keys: [],
      problems: [fieldProblem("metadata-field", "", "provider metadata is a JSON object")],
    };
  const canonicalUrl = url(value.canonical_url, "/canonical_url");
  const directoryUrls: string[] = [];
  const feedUrls: string[] = [];
  const distributions = Array.isArray(value.distributions) ? value.distributions : [];
  if (!Array.isArray(value.distributions))
    problems.push(fieldProblem("metadata-field", "/distributions", "a list of distributions is expected"));
  distributions.forEach((d, i) => {
    const at = `/distributions/${i}`;
    if (!isObject(d)) {
      problems.push(fieldProblem("metadata-field", at, "a distribution is an object"));
      return;
    }
    if (d.directory_url !== undefined) {
      const directory = url(d.directory_url, `${at}/directory_url`);
      if (directory) directoryUrls.push(directory.endsWith("/") ? directory : `${directory}/`);
    }
    const feeds = isObject(d.rolie) && Array.isArray(d.rolie.feeds) ? d.rolie.feeds : [];
    feeds.forEach((feed, j) => {
      const feedUrl = url(isObject(feed) ? feed.url : undefined, `${at}/rolie/feeds/${j}/url`);
      if (feedUrl) feedUrls.push(feedUrl);
    });
    if (d.directory_url === undefined && feeds.length === 0)
      problems.push(
        fieldProblem("metadata-field", at, "a distribution names a directory_url or ROLIE feeds"),
      );
  });
  const keys: { url: string; fingerprint?: string }[] = [];
  (Array.isArray(value.public_openpgp_keys) ? value.public_openpgp_keys : []).forEach((k, i) => {
    const at = `/public_openpgp_keys/${i}`;
    const keyUrl = url(isObject(k) ? k.url : undefined, `${at}/url`);
    if (!keyUrl) return;
    const fingerprint = isObject(k) && typeof k.fingerprint === "string" ? k.fingerprint : undefined;
    keys.push(fingerprint ? { url: keyUrl, fingerprint } : { url: keyUrl });
  });
  return { ...(canonicalUrl ? { canonicalUrl } : {}), directoryUrls, feedUrls, keys, problems };
}

export interface FeedEntry {
  readonly url: string;
  readonly hashUrls: readonly string[];
  readonly signatureUrl?: string;
  readonly updated?: string;
  readonly at: string;
}

export interface RolieFeed {
  readonly selfUrl?: string;
  readonly entries: readonly FeedEntry[];
  readonly problems: readonly LayoutProblem[];
}

/** A ROLIE feed (RFC 8322 in JSON, as CSAF 7.1.23 uses it): each entry's document, hash and signature. */
export function readRolieFeed(value: unknown): RolieFeed {
  const problems: LayoutProblem[] = [];
  const feed = isObject(value) && isObject(value.feed) ? value.feed : undefined;
  if (!feed)
    return { entries: [], problems: [fieldProblem("feed-field", "", "a ROLIE feed has a feed object")] };
  const links = (v: unknown) =>
    (Array.isArray(v) ? v : []).filter(
      (l): l is { rel: string; href: string } =>
        isObject(l) &&
        typeof l.rel === "string" &&
        typeof l.href === "string" &&
        parseUrl(l.href) !== undefined,
    );
  const selfUrl = links(feed.link).find((l) => l.rel === "self")?.href;
  const entries: FeedEntry[] = [];
  if (!Array.isArray(feed.entry) && feed.entry !== undefined)
    problems.push(fieldProblem("feed-field", "/feed/entry", "the entries are a list"));
  (Array.isArray(feed.entry) ? feed.entry : []).forEach((entry, i) => {
    const at = `/feed/entry/${i}`;
    if (!isObject(entry)) {
      problems.push(fieldProblem("feed-field", at, "an entry is an object"));
      return;
    }
    const entryLinks = links(entry.link);
    const src =
      isObject(entry.content) && typeof entry.content.src === "string" ? entry.content.src : undefined;
    const url = (src && parseUrl(src) ? src : undefined) ?? entryLinks.find((l) => l.rel === "self")?.href;
    if (!url) {
      problems.push(
        fieldProblem("feed-field", at, "an entry names its document by content.src or a self link"),
      );
      return;
    }
    const signatureUrl = entryLinks.find((l) => l.rel === "signature")?.href;
    const updated = typeof entry.updated === "string" ? entry.updated : undefined;
    entries.push({
      url,
      hashUrls: entryLinks.filter((l) => l.rel === "hash").map((l) => l.href),
      ...(signatureUrl ? { signatureUrl } : {}),
      ...(updated ? { updated } : {}),
      at,
    });
  });
  return { ...(selfUrl ? { selfUrl } : {}), entries, problems };
}
