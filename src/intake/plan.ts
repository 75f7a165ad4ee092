import { lstat, readdir, realpath, stat } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";
import type { IntakeProblem } from "./document.js";
import { examineAdvisoryText, type SyntaxHint, syntaxOf } from "./document.js";
import { normaliseFingerprint, readPublicKeys } from "./integrity.js";
import {
  classifyJson,
  directoryOf,
  isAbsoluteUrl,
  type LayoutProblem,
  type ListedReference,
  parseChangesCsv,
  parseIndexTxt,
  parseUrl,
  readProviderMetadata,
  readRolieFeed,
  referenceCandidates,
  segmentsBelow,
  suffixCandidates,
} from "./layout.js";
import { decode, exists, inside, type Place, placeName, problem, type Reader, readPlace } from "./places.js";
import type { IntakeLayout, IntakeResult, IntakeRole } from "./source.js";

/**
 * What a location is and what it lists: a folder walk, a directory distribution (index.txt, changes.csv),
 * a ROLIE feed or provider metadata, each turned into entries (where a document may be, its hash files and
 * signature, its date) and into results for listings that cannot be used.
 */

export interface Entry {
  /** Where the document may be, tried in order while the previous one does not exist. */
  readonly candidates: readonly Place[];
  readonly hashPlaces?: readonly Place[];
  readonly signaturePlace?: Place;
  readonly updated?: string;
  /** What the name promises; listed CSAF documents are JSON. */
  readonly syntax?: SyntaxHint;
  /** In a folder walk, feeds and metadata are passed over rather than refused as unknown documents. */
  readonly walked?: boolean;
  /** The bytes already read to find out what the location is, so a URL is not fetched twice. */
  readonly prefetched?: Uint8Array;
}

interface Anchor {
  readonly url: string;
  readonly dir: string;
}

/**
 * Where a URL named by a listing is in this reading: the URL itself over the network; offline, the same
 * path below the folder of the first anchor (metadata or feed) whose URL it is below, else the longest
 * suffix of its path that exists below the base. Undefined when the copy does not have it.
 */
async function placeForUrl(
  reader: Reader,
  url: string,
  anchors: readonly Anchor[],
): Promise<Place | undefined> {
  const parsed = parseUrl(url);
  if (!parsed) return undefined;
  if (reader.base === undefined) return { kind: "url", url: parsed };
  const anchored = anchors.flatMap((anchor) => {
    const segments = segmentsBelow(url, anchor.url);
    return segments ? [join(anchor.dir, ...segments)] : [];
  });
  // An anchor says exactly where the file belongs; when it is not there, it is missing, not elsewhere.
  for (const path of anchored) if (await exists(path)) return { kind: "file", path };
  if (anchored[0] !== undefined) return { kind: "file", path: anchored[0] };
  for (const segments of suffixCandidates(url)) {
    const path = join(reader.base, ...segments);
    if (await exists(path)) return { kind: "file", path };
  }
  return undefined;
}

export function listingResult(
  location: string,
  problems: readonly IntakeProblem[],
  role: IntakeRole = "listing",
): IntakeResult {
  return {
    location,
    role,
    format: "unknown",
    text: "",
    problems,
    warnings: [],
    integrity: {},
    accepted: false,
  };
}

function layoutProblem(p: LayoutProblem): IntakeProblem {
  return {
    test: "listing",
    at: p.at,
    code: p.code === "unsafe-reference" ? "outside-base" : "listing",
    message: p.message,
    params: { ...p.params, layoutCode: p.code },
    ...(p.line === undefined ? {} : { line: p.line, column: 1 }),
  };
}

/** Reads, decodes and parses a JSON listing; a failure is the listing's result. */
async function readJsonListing(
  reader: Reader,
  place: Place,
): Promise<{ value: unknown } | { failure: IntakeResult }> {
  const read = await readPlace(reader, place, reader.options.maxListingBytes);
  const location = placeName(place);
  if (!read.ok) return { failure: listingResult(location, [read.problem]) };
  const decoded = decode(read.bytes, location);
  if ("problem" in decoded) return { failure: listingResult(location, [decoded.problem]) };
  try {
    return { value: JSON.parse(decoded.text.replace(/^\uFEFF/, "")) };
  } catch {
    const examined = await examineAdvisoryText(decoded.text);
    return { failure: listingResult(location, examined.problems) };
  }
}

async function readTextListing(
  reader: Reader,
  place: Place,
): Promise<{ text: string } | { failure: IntakeResult; missing: boolean }> {
  const read = await readPlace(reader, place, reader.options.maxListingBytes);
  const location = placeName(place);
  if (!read.ok) return { failure: listingResult(location, [read.problem]), missing: read.missing };
  const decoded = decode(read.bytes, location);
  return "problem" in decoded
    ? { failure: listingResult(location, [decoded.problem]), missing: false }
    : decoded;
}

export interface Plan {
  layout: IntakeLayout;
  entries: Entry[];
  listingResults: IntakeResult[];
  skipped: { integrity: number; layout: number; other: number };
}

function newPlan(layout: IntakeLayout): Plan {
  return { layout, entries: [], listingResults: [], skipped: { integrity: 0, layout: 0, other: 0 } };
}

/** The entries of a ROLIE feed, mapped onto this reading (its own URL anchors the offline mapping). */
async function planFeed(
  reader: Reader,
  plan: Plan,
  place: Place,
  value: unknown,
  anchors: readonly Anchor[],
) {
  const location = placeName(place);
  const feed = readRolieFeed(value);
  if (feed.problems.length > 0)
    plan.listingResults.push(listingResult(location, feed.problems.map(layoutProblem)));
  const own: Anchor[] =
    place.kind === "file" && feed.selfUrl
      ? [{ url: feed.selfUrl, dir: dirname(place.path) }, ...anchors]
      : [...anchors];
  for (const entry of feed.entries) {
    const document = await placeForUrl(reader, entry.url, own);
    if (!document) {
      plan.listingResults.push(
        listingResult(location, [
          problem("not-offline", `${entry.url} is not in this copy`, { url: entry.url }, entry.at),
        ]),
      );
      continue;
    }
    const hashPlaces: Place[] = [];
    for (const url of entry.hashUrls) {
      const hash = await placeForUrl(reader, url, own);
      if (hash) hashPlaces.push(hash);
    }
    const signature = entry.signatureUrl ? await placeForUrl(reader, entry.signatureUrl, own) : undefined;
    plan.entries.push({
      candidates: [document],
      syntax: syntaxOf(placeName(document)),
      ...(entry.hashUrls.length > 0 ? { hashPlaces } : {}),
      ...(signature ? { signaturePlace: signature } : {}),
      ...(entry.updated ? { updated: entry.updated } : {}),
    });
  }
}

/** A directory distribution: index.txt (or, without it, changes.csv) lists; changes.csv dates. */
async function planIndex(reader: Reader, plan: Plan, directory: Place) {
  const at = (name: string): Place =>
    directory.kind === "file"
      ? { kind: "file", path: join(directory.path, name) }
      : { kind: "url", url: new URL(name, directory.url) };
  const index = await readTextListing(reader, at("index.txt"));
  const changes = await readTextListing(reader, at("changes.csv"));
  const dates = new Map<string, string>();
  let listed: ListedReference[] = [];
  if ("text" in changes) {
    const parsed = parseChangesCsv(changes.text);
    for (const change of parsed.changes) dates.set(change.reference, change.date);
    if (parsed.problems.length > 0)
      plan.listingResults.push(
        listingResult(placeName(at("changes.csv")), parsed.problems.map(layoutProblem)),
      );
    listed = parsed.changes;
  } else if (!changes.missing) plan.listingResults.push(changes.failure);
  if ("text" in index) {
    const parsed = parseIndexTxt(index.text);
    if (parsed.problems.length > 0)
      plan.listingResults.push(listingResult(placeName(at("index.txt")), parsed.problems.map(layoutProblem)));
    listed = parsed.references;
  } else if (!index.missing || !("text" in changes)) plan.listingResults.push(index.failure);

  // Only compared with a listing's leading segments (the overlap rule), never used to build a path.
  const directorySegments =
    directory.kind === "file"
      ? resolve(directory.path).split(sep).filter(Boolean)
      : directory.url.pathname.split("/").filter(Boolean);
  for (const { reference } of listed) {
    let candidates: Place[];
    if (isAbsoluteUrl(reference)) {
      const place = await placeForUrl(reader, reference, []);
      candidates = place ? [place] : [];
    } else
      candidates = referenceCandidates(directorySegments, reference).map((segments) =>
        directory.kind === "file"
          ? { kind: "file" as const, path: join(directory.path, ...segments) }
          : { kind: "url" as const, url: new URL(segments.map(encodeURIComponent).join("/"), directory.url) },
      );
    if (candidates.length === 0) {
      plan.listingResults.push(
        listingResult(placeName(at("index.txt")), [
          problem("not-offline", `${reference} is not in this copy`, { url: reference }),
        ]),
      );
      continue;
    }
    if (directory.kind === "file") {
      // Locally the first candidate that exists is the one; "not found" is reported at the standard's place.
      const found: Place[] = [];
      for (const c of candidates) if (c.kind === "file" && (await exists(c.path))) found.push(c);
      if (found.length > 0) candidates = found;
    }
    const date = dates.get(reference);
    plan.entries.push({ candidates, syntax: syntaxOf(reference), ...(date ? { updated: date } : {}) });
  }
}

async function planProvider(reader: Reader, plan: Plan, place: Place, value: unknown) {
  const location = placeName(place);
  const metadata = readProviderMetadata(value);
  if (metadata.problems.length > 0)
    plan.listingResults.push(listingResult(location, metadata.problems.map(layoutProblem)));
  const anchors: Anchor[] =
    place.kind === "file" && metadata.canonicalUrl
      ? [{ url: metadata.canonicalUrl, dir: dirname(place.path) }]
      : [];
  // Offline, canonical_url tells which URL the metadata's folder stands for; over the network it is unused.
  for (const feedUrl of metadata.feedUrls) {
    const feedPlace = await placeForUrl(reader, feedUrl, anchors);
    if (!feedPlace) {
      plan.listingResults.push(
        listingResult(location, [problem("not-offline", `${feedUrl} is not in this copy`, { url: feedUrl })]),
      );
      continue;
    }
    const feed = await readJsonListing(reader, feedPlace);
    if ("failure" in feed) plan.listingResults.push(feed.failure);
    else await planFeed(reader, plan, feedPlace, feed.value, anchors);
  }
  for (const directoryUrl of metadata.directoryUrls) {
    const indexPlace = await placeForUrl(reader, `${directoryUrl}index.txt`, anchors);
    const directory: Place | undefined =
      indexPlace?.kind === "file"
        ? { kind: "file", path: dirname(indexPlace.path) }
        : indexPlace?.kind === "url"
          ? { kind: "url", url: directoryOf(indexPlace.url) }
          : undefined;
    if (!directory) {
      plan.listingResults.push(
        listingResult(location, [
          problem("not-offline", `${directoryUrl} is not in this copy`, { url: directoryUrl }),
        ]),
      );
      continue;
    }
    await planIndex(reader, plan, directory);
  }
  if (place.kind === "file" && (reader.options.useProviderKeys ?? true))
    for (const key of metadata.keys) await addProviderKey(reader, plan, key, anchors);
}

async function addProviderKey(
  reader: Reader,
  plan: Plan,
  key: { url: string; fingerprint?: string },
  anchors: readonly Anchor[],
) {
  const place = await placeForUrl(reader, key.url, anchors);
  if (place?.kind !== "file" || !(await exists(place.path))) return;
  const text = await readTextListing(reader, place);
  if ("failure" in text) {
    plan.listingResults.push({ ...text.failure, role: "key" });
    return;
  }
  const { keys, problems } = await readPublicKeys([text.text]);
  if (problems.length > 0 || keys.length === 0) {
    plan.listingResults.push(
      listingResult(
        place.path,
        [
          problem("key-unreadable", `${place.path}: ${problems[0]?.message ?? "no key"}`, {
            location: place.path,
          }),
        ],
        "key",
      ),
    );
    return;
  }
  const wanted = key.fingerprint ? normaliseFingerprint(key.fingerprint) : undefined;
  const matching = wanted ? keys.filter((k) => normaliseFingerprint(k.getFingerprint()) === wanted) : keys;
  if (matching.length === 0) {
    plan.listingResults.push(
      listingResult(
        place.path,
        [
          problem("key-fingerprint", `${place.path} is not the key ${key.fingerprint} the metadata names`, {
            location: place.path,
            fingerprint: key.fingerprint ?? "",
          }),
        ],
        "key",
      ),
    );
    return;
  }
  reader.keys.push(...matching);
}

const documentFile = /\.(json|ya?ml)$/i;
const integrityFile = /\.(sha256|sha512|asc)$/i;

/** A recursive folder walk in name order; symbolic links are followed only while they stay inside. */
async function planFolder(reader: Reader, plan: Plan, root: string) {
  let files = 0;
  const visited = new Set<string>();
  const visit = async (dir: string, depth: number): Promise<boolean> => {
    const real = await realpath(dir).catch(() => undefined);
    if (real === undefined || visited.has(real)) return true;
    visited.add(real);
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch (error) {
      plan.listingResults.push(
        listingResult(dir, [
          problem("unreadable", `${dir}: ${(error as NodeJS.ErrnoException).code}`, { location: dir }),
        ]),
      );
      return true;
    }
    for (const name of names) {
      const path = join(dir, name);
      const info = await lstat(path).catch(() => undefined);
      if (!info) continue;
      let isDirectory = info.isDirectory();
      let isFile = info.isFile();
      if (info.isSymbolicLink()) {
        const target = await realpath(path).catch(() => undefined);
        if (target === undefined || !inside(reader.baseReal ?? root, target)) {
          plan.listingResults.push(
            listingResult(path, [
              problem("outside-base", `${path} leads outside ${reader.base}`, {
                location: path,
                base: reader.base ?? "",
              }),
            ]),
          );
          continue;
        }
        const targetInfo = await stat(path).catch(() => undefined);
        isDirectory = targetInfo?.isDirectory() ?? false;
        isFile = targetInfo?.isFile() ?? false;
      }
      if (isDirectory) {
        if (depth >= reader.options.maxDepth) {
          plan.listingResults.push(
            listingResult(path, [
              problem("too-deep", `${path} is nested deeper than ${reader.options.maxDepth} folders`, {
                location: path,
                limit: reader.options.maxDepth,
              }),
            ]),
          );
          continue;
        }
        if (!(await visit(path, depth + 1))) return false;
        continue;
      }
      if (!isFile) continue;
      files++;
      if (files > reader.options.maxFiles) {
        plan.listingResults.push(
          listingResult(root, [
            problem(
              "too-many-files",
              `${root} holds more than ${reader.options.maxFiles} files; the rest is not read`,
              { location: root, limit: reader.options.maxFiles },
            ),
          ]),
        );
        return false;
      }
      if (integrityFile.test(name)) plan.skipped.integrity++;
      else if (documentFile.test(name))
        plan.entries.push({
          candidates: [{ kind: "file", path }],
          syntax: syntaxOf(name),
          walked: true,
        });
      else plan.skipped.other++;
    }
    return true;
  };
  await visit(root, 0);
}

/** What the location is, and the entries it lists. */
export async function plan(reader: Reader, location: string): Promise<Plan> {
  const url = parseUrl(location);
  if (url) {
    if (url.pathname.endsWith("/")) {
      const p = newPlan("index");
      await planIndex(reader, p, { kind: "url", url });
      return p;
    }
    if (/\/(index\.txt|changes\.csv)$/.test(url.pathname)) {
      const p = newPlan("index");
      await planIndex(reader, p, { kind: "url", url: directoryOf(url) });
      return p;
    }
    return planJsonLocation(reader, { kind: "url", url });
  }
  const info = await stat(location).catch(() => undefined);
  if (info?.isDirectory()) {
    const metadataPath = join(location, "provider-metadata.json");
    if (await exists(metadataPath)) return planJsonLocation(reader, { kind: "file", path: metadataPath });
    if ((await exists(join(location, "index.txt"))) || (await exists(join(location, "changes.csv")))) {
      const p = newPlan("index");
      await planIndex(reader, p, { kind: "file", path: location });
      return p;
    }
    const p = newPlan("folder");
    await planFolder(reader, p, location);
    return p;
  }
  if (/^(index\.txt|changes\.csv)$/.test(basename(location))) {
    const p = newPlan("index");
    await planIndex(reader, p, { kind: "file", path: dirname(location) });
    return p;
  }
  return planJsonLocation(reader, { kind: "file", path: location });
}

/** A file or URL: provider metadata or a feed is followed; anything else is one document. */
async function planJsonLocation(reader: Reader, place: Place): Promise<Plan> {
  const single = (prefetched?: Uint8Array): Plan => {
    const p = newPlan("file");
    const name = placeName(place);
    p.entries.push({
      candidates: [place],
      syntax: syntaxOf(name),
      ...(prefetched ? { prefetched } : {}),
    });
    return p;
  };
  const name = placeName(place);
  if (syntaxOf(name) === "yaml") return single();
  const read = await readPlace(reader, place, reader.options.maxListingBytes);
  if (!read.ok) {
    const p = newPlan("file");
    p.listingResults.push({ ...listingResult(name, [read.problem]), role: "document" });
    return p;
  }
  const decoded = decode(read.bytes, name);
  let value: unknown;
  if ("text" in decoded)
    try {
      value = JSON.parse(decoded.text.replace(/^\uFEFF/, ""));
    } catch {
      // Not JSON: the single document's own examination reports where.
    }
  const kind = classifyJson(value);
  if (kind === "provider-metadata") {
    const p = newPlan("provider");
    await planProvider(reader, p, place, value);
    return p;
  }
  if (kind === "rolie-feed") {
    const p = newPlan("rolie");
    await planFeed(reader, p, place, value, []);
    return p;
  }
  return single(read.bytes);
}
