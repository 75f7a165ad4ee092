import { realpath, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { OsvRecord } from "../advisories/osv.js";
import {
  type AdvisoryFormat,
  type ExaminedText,
  examineAdvisoryText,
  type IntakeProblem,
} from "./document.js";
import {
  checkHash,
  checkSignature,
  type HashAlgorithm,
  type HashStatus,
  hashAlgorithmOf,
  type Integrity,
  readPublicKeys,
  type SignatureStatus,
} from "./integrity.js";
import { parseUrl } from "./layout.js";
import {
  decode,
  failure,
  intakeDefaults,
  type Place,
  placeName,
  problem,
  type Read,
  type Reader,
  readPlace,
  sibling,
} from "./places.js";
import { type Entry, listingResult, plan } from "./plan.js";

/**
 * Reading advisories from where plants keep them: one file, a folder (a USB stick), an offline copy of a
 * CSAF provider (provider-metadata.json, ROLIE feeds, index.txt / changes.csv), or the same over http(s)
 * where the network allows. One result per document, with its located problems and integrity; nothing is
 * thrown for bad input, and a listing that cannot be read is a result of its own.
 *
 * Decisions:
 * - Everything read locally stays inside the folder the location names (the file's folder for a file):
 *   listed references with `..`, absolute paths or encoded slashes are refused before any path is built,
 *   and every file is resolved through symbolic links and refused when it lands outside.
 * - Over the network, every request stays on the origin of the location (redirects included): a feed
 *   cannot send the reader to another host, such as an internal one.
 * - An offline copy is read by mapping the provider's https URLs onto the folder: a URL below the URL of the
 *   metadata or feed that names it is the same path below that file's folder; otherwise the longest suffix
 *   of the URL's path that exists in the folder.
 * - Hash files and signatures are those a ROLIE entry links, else the standard's neighbours of the document
 *   (`.sha256`, `.sha512`, `.asc`). A mismatch or a bad signature refuses the document; an absent hash or
 *   signature does not (most copies carry only some), nor does a signature by a key we were not given.
 * - Keys: the ones configured, plus the provider's public_openpgp_keys found in an offline copy when their
 *   fingerprint is the one the metadata states. Over the network the provider's keys are not fetched: a key
 *   from the server that serves the documents proves nothing TLS does not.
 */

export { intakeDefaults };

export interface IntakeProgress {
  readonly done: number;
  readonly total?: number;
  readonly location: string;
}

export interface IntakeOptions {
  /** Armored OpenPGP public keys (a text may hold several). */
  readonly keys?: readonly string[];
  /** Use the provider's public_openpgp_keys present in an offline copy (default true). */
  readonly useProviderKeys?: boolean;
  readonly fetch?: typeof fetch;
  /** Per request (default 30 s). */
  readonly timeoutMs?: number;
  /** Bytes of one document, hash file or signature (default 16 MiB). */
  readonly maxBytes?: number;
  /** Bytes of one listing: provider metadata, feed, index.txt, changes.csv (default 64 MiB). */
  readonly maxListingBytes?: number;
  /** Documents read from one location, and files seen in a folder walk (default 200,000). */
  readonly maxFiles?: number;
  /** Folder nesting below the location (default 32). */
  readonly maxDepth?: number;
  /** Only listed documents updated at or after this RFC 3339 time (those without a date are kept). */
  readonly since?: string;
  /** The time keys are judged at (expiry, revocation); default now. */
  readonly date?: Date;
  readonly onProgress?: (progress: IntakeProgress) => void;
  /** Stops the reading; the iteration then throws the signal's reason. */
  readonly signal?: AbortSignal;
}

export type IntakeRole = "document" | "listing" | "key";

export interface IntakeResult {
  /** Path (as built from the location given) or URL. */
  readonly location: string;
  /** A document, or a listing or key that could not be used (then its problems say why). */
  readonly role: IntakeRole;
  readonly format: AdvisoryFormat;
  readonly text: string;
  readonly document?: unknown;
  readonly osv?: OsvRecord;
  readonly problems: readonly IntakeProblem[];
  readonly warnings: readonly IntakeProblem[];
  readonly integrity: Integrity;
  /** Fingerprint of the key that verified the signature. */
  readonly signedBy?: string;
  /** From changes.csv or the feed entry. */
  readonly updated?: string;
  /** A valid CSAF 2.0 document or OSV record with no integrity failure. */
  readonly accepted: boolean;
}

export type IntakeLayout = "file" | "folder" | "index" | "rolie" | "provider";

export interface IntakeSummary {
  readonly layout: IntakeLayout;
  /** Documents the location listed or held (after `since`), read or not. */
  readonly total: number;
  readonly accepted: number;
  readonly refused: number;
  /** Listings and keys that could not be used. */
  readonly listingProblems: number;
  /** Files a folder walk did not read as documents: hash and signature files, feeds and metadata, others. */
  readonly skipped: { readonly integrity: number; readonly layout: number; readonly other: number };
}

async function integrityOf(
  reader: Reader,
  bytes: Uint8Array,
  place: Place,
  entry: Entry,
): Promise<{ integrity: Integrity; problems: IntakeProblem[]; signedBy?: string }> {
  const problems: IntakeProblem[] = [];
  const status: Record<HashAlgorithm, HashStatus> = { sha256: "absent", sha512: "absent" };
  const hashPlaces = entry.hashPlaces ?? [sibling(place, ".sha256"), sibling(place, ".sha512")];
  for (const hashPlace of hashPlaces) {
    const algorithm = hashAlgorithmOf(placeName(hashPlace));
    if (!algorithm) continue;
    const read = await readPlace(reader, hashPlace, 64 * 1024);
    if (!read.ok) {
      if (read.missing) continue;
      // A hash file that is there but cannot be read (too large, outside the folder) is not a pass.
      status[algorithm] = "mismatch";
      problems.push(read.problem);
      continue;
    }
    const check = checkHash(bytes, algorithm, new TextDecoder().decode(read.bytes));
    status[algorithm] = check.status;
    if (check.status === "mismatch")
      problems.push(
        check.reason === "malformed"
          ? problem("hash-malformed", `${placeName(hashPlace)} holds no ${algorithm} digest`, {
              location: placeName(hashPlace),
              algorithm,
            })
          : problem(
              "hash-mismatch",
              `the ${algorithm} digest of the document differs from ${placeName(hashPlace)}`,
              {
                location: placeName(hashPlace),
                algorithm,
              },
            ),
      );
  }
  let signature: SignatureStatus = "unsigned";
  let signedBy: string | undefined;
  const signaturePlace = entry.signaturePlace ?? sibling(place, ".asc");
  const read = await readPlace(reader, signaturePlace, 64 * 1024);
  if (read.ok) {
    const check = await checkSignature(
      bytes,
      new TextDecoder().decode(read.bytes),
      reader.keys,
      reader.options.date ?? new Date(),
    );
    signature = check.status;
    if (check.status === "ok") signedBy = check.fingerprint;
    if (check.status === "bad")
      problems.push(
        problem(
          "signature-bad",
          `the signature ${placeName(signaturePlace)} does not verify: ${check.reason}`,
          {
            location: placeName(signaturePlace),
            reason: check.reason,
          },
        ),
      );
  } else if (!read.missing) {
    signature = "bad";
    problems.push(read.problem);
  }
  return { integrity: { ...status, signature }, problems, ...(signedBy ? { signedBy } : {}) };
}

async function readEntry(reader: Reader, entry: Entry): Promise<IntakeResult | "layout"> {
  let read: Read | undefined;
  const [first] = entry.candidates;
  if (entry.prefetched && first)
    read =
      entry.prefetched.length > reader.options.maxBytes
        ? failure(
            problem("too-large", `${placeName(first)} is larger than ${reader.options.maxBytes} bytes`, {
              location: placeName(first),
              limit: reader.options.maxBytes,
            }),
          )
        : { ok: true, bytes: entry.prefetched, place: first };
  else
    for (const candidate of entry.candidates) {
      read = await readPlace(reader, candidate, reader.options.maxBytes);
      if (read.ok || !read.missing) break;
    }
  const location = read?.ok ? placeName(read.place) : first ? placeName(first) : "";
  const dated = entry.updated ? { updated: entry.updated } : {};
  if (!read?.ok)
    return { ...listingResult(location, read ? [read.problem] : []), role: "document", ...dated };
  const decoded = decode(read.bytes, location);
  const examined: ExaminedText =
    "text" in decoded
      ? await examineAdvisoryText(decoded.text, entry.syntax)
      : { format: "unknown", kind: "unknown", problems: [decoded.problem], warnings: [] };
  if (
    entry.walked &&
    examined.format === "unknown" &&
    examined.kind !== "unknown" &&
    examined.kind !== "yaml"
  )
    return "layout";
  const integrity = await integrityOf(reader, read.bytes, read.place, entry);
  const problems = [...examined.problems, ...integrity.problems];
  return {
    location,
    role: "document",
    format: examined.format,
    text: "text" in decoded ? decoded.text : "",
    ...(examined.document === undefined ? {} : { document: examined.document }),
    ...(examined.osv ? { osv: examined.osv } : {}),
    problems,
    warnings: examined.warnings,
    integrity: integrity.integrity,
    ...(integrity.signedBy ? { signedBy: integrity.signedBy } : {}),
    ...dated,
    accepted: problems.length === 0 && examined.format !== "unknown",
  };
}

function placeKey(place: Place | undefined): string {
  return place ? `${place.kind}:${placeName(place)}` : "";
}

/**
 * Reads every advisory `location` holds or lists. Yields one result per document (and per listing or
 * key that could not be used); returns the summary when done.
 */
export async function* readAdvisorySource(
  location: string,
  options: IntakeOptions = {},
): AsyncGenerator<IntakeResult, IntakeSummary, undefined> {
  const url = parseUrl(location);
  const base = url
    ? undefined
    : (await stat(location).catch(() => undefined))?.isDirectory()
      ? location
      : dirname(location);
  const baseReal = base === undefined ? undefined : await realpath(base).catch(() => resolve(base));
  const reader: Reader = {
    options: { ...intakeDefaults, ...options },
    fetch: options.fetch ?? globalThis.fetch,
    ...(base === undefined ? {} : { base, baseReal }),
    ...(url ? { origin: url.origin } : {}),
    keys: [],
  };
  const configured = await readPublicKeys(options.keys ?? []);
  reader.keys.push(...configured.keys);
  const keyResults = configured.problems.map((p) =>
    listingResult(
      `keys[${p.index}]`,
      [problem("key-unreadable", `key ${p.index + 1}: ${p.message}`, { index: p.index + 1 })],
      "key",
    ),
  );

  const planned = await plan(reader, location);
  const seen = new Set<string>();
  const since = options.since === undefined ? undefined : Date.parse(options.since);
  let entries = planned.entries.filter((entry) => {
    const key = placeKey(entry.candidates[0]);
    if (seen.has(key)) return false;
    seen.add(key);
    return since === undefined || entry.updated === undefined || !(Date.parse(entry.updated) < since);
  });
  const listingResults = [...keyResults, ...planned.listingResults];
  if (entries.length > reader.options.maxFiles) {
    listingResults.push(
      listingResult(location, [
        problem(
          "too-many-files",
          `${location} lists ${entries.length} documents; only the first ${reader.options.maxFiles} are read`,
          {
            location,
            limit: reader.options.maxFiles,
          },
        ),
      ]),
    );
    entries = entries.slice(0, reader.options.maxFiles);
  }

  let accepted = 0;
  let refused = 0;
  let listingProblems = 0;
  for (const result of listingResults) {
    if (result.role === "document") refused++;
    else listingProblems++;
    yield result;
  }
  const total = entries.length + listingResults.filter((r) => r.role === "document").length;
  let done = listingResults.filter((r) => r.role === "document").length;
  for (const entry of entries) {
    options.signal?.throwIfAborted();
    const result = await readEntry(reader, entry);
    done++;
    options.onProgress?.({
      done,
      total,
      location: placeName(entry.candidates[0] ?? { kind: "file", path: "" }),
    });
    if (result === "layout") {
      planned.skipped.layout++;
      continue;
    }
    if (result.accepted) accepted++;
    else refused++;
    yield result;
  }
  return {
    layout: planned.layout,
    total: total - planned.skipped.layout,
    accepted,
    refused,
    listingProblems,
    skipped: planned.skipped,
  };
}

/** The whole reading at once, for callers that want a list (tests, small folders). */
export async function collectAdvisorySource(
  location: string,
  options: IntakeOptions = {},
): Promise<{ results: IntakeResult[]; summary: IntakeSummary }> {
  const results: IntakeResult[] = [];
  const iterator = readAdvisorySource(location, options);
  while (true) {
    const next = await iterator.next();
    if (next.done) return { results, summary: next.value };
    results.push(next.value);
  }
}
