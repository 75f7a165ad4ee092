import { constants } from "node:fs";
import { open, realpath, stat } from "node:fs/promises";
import { isAbsolute, relative, sep } from "node:path";
import type { PublicKey } from "openpgp";
import type { IntakeProblem, IntakeProblemCode } from "./document.js";
import type { IntakeOptions } from "./source.js";

/**
 * Where intake reads from and how: a file below the folder being read, or a URL on the origin being read,
 * each with a size limit; a failure is a problem value, and "missing" is told apart so a caller can try
 * the next candidate or call a hash or signature absent.
 */

export const intakeDefaults = {
  timeoutMs: 30_000,
  maxBytes: 16 * 1024 * 1024,
  maxListingBytes: 64 * 1024 * 1024,
  maxFiles: 200_000,
  maxDepth: 32,
} as const;

export type Place =
  | { readonly kind: "file"; readonly path: string }
  | { readonly kind: "url"; readonly url: URL };

export const placeName = (place: Place) => (place.kind === "file" ? place.path : place.url.href);

export interface Reader {
  readonly options: Required<Pick<IntakeOptions, keyof typeof intakeDefaults>> & IntakeOptions;
  readonly fetch: typeof fetch;
  /** Local: the folder everything must stay in, as given and resolved. */
  readonly base?: string;
  readonly baseReal?: string;
  /** Network: the only origin requests may go to. */
  readonly origin?: string;
  keys: PublicKey[];
}

export type Read =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly place: Place }
  | { readonly ok: false; readonly missing: boolean; readonly problem: IntakeProblem };

export const problem = (
  code: IntakeProblemCode,
  message: string,
  params: Record<string, string | number> = {},
  at = "",
): IntakeProblem => ({ test: "intake", at, code, message, params });

/** A read that failed; `missing` tells "not there" (try the next candidate, or call a hash absent) from the rest. */
export function failure(p: IntakeProblem, missing = false): Read {
  return { ok: false, missing, problem: p };
}

export function inside(base: string, path: string): boolean {
  const rel = relative(base, path);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function readLocal(reader: Reader, path: string, limit: number): Promise<Read> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    return code === "ENOENT" || code === "ENOTDIR"
      ? failure(problem("not-found", `${path} does not exist`, { location: path }), true)
      : failure(problem("unreadable", `${path}: ${code}`, { location: path, reason: code }));
  }
  if (reader.baseReal !== undefined && !inside(reader.baseReal, real))
    return failure(
      problem("outside-base", `${path} leads outside ${reader.base}`, {
        location: path,
        base: reader.base ?? "",
      }),
    );
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    // Non-blocking: opening a named pipe planted on a stick would otherwise wait for a writer forever.
    handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = await handle.stat();
    if (!info.isFile())
      return failure(
        problem("unreadable", `${path} is not a file`, { location: path, reason: "not-a-file" }),
      );
    if (info.size > limit)
      return failure(
        problem("too-large", `${path} is larger than ${limit} bytes`, { location: path, limit }),
      );
    const bytes = await handle.readFile();
    if (bytes.length > limit)
      return failure(
        problem("too-large", `${path} is larger than ${limit} bytes`, { location: path, limit }),
      );
    return { ok: true, bytes, place: { kind: "file", path } };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return failure(problem("unreadable", `${path}: ${code}`, { location: path, reason: code }));
  } finally {
    await handle?.close();
  }
}

const maxRedirects = 5;

async function readRemote(reader: Reader, url: URL, limit: number): Promise<Read> {
  const location = url.href;
  if (reader.origin !== undefined && url.origin !== reader.origin)
    return failure(
      problem("other-origin", `${location} is not on ${reader.origin}`, {
        location,
        origin: reader.origin,
      }),
    );
  const signals = [AbortSignal.timeout(reader.options.timeoutMs)];
  if (reader.options.signal) signals.push(reader.options.signal);
  const signal = AbortSignal.any(signals);
  let response: Response;
  let current = url;
  try {
    // Redirects are followed by hand so that every hop is held to the origin before it is requested.
    for (let hops = 0; ; hops++) {
      response = await reader.fetch(current, { signal, redirect: "manual" });
      const target = response.headers.get("location");
      if (response.status < 300 || response.status > 399 || target === null) break;
      await response.body?.cancel().catch(() => undefined);
      const next = new URL(target, current);
      if (reader.origin !== undefined && next.origin !== reader.origin)
        return failure(
          problem("other-origin", `${location} redirects to ${next.href}`, {
            location,
            origin: reader.origin,
          }),
        );
      if (hops >= maxRedirects)
        return failure(
          problem("unreadable", `${location}: more than ${maxRedirects} redirects`, {
            location,
            reason: "redirects",
          }),
        );
      current = next;
    }
  } catch (error) {
    reader.options.signal?.throwIfAborted();
    const reason =
      error instanceof Error ? (error.name === "TimeoutError" ? "timeout" : error.message) : String(error);
    return failure(problem("unreadable", `${location}: ${reason}`, { location, reason }));
  }
  const refuse = async (p: IntakeProblem, missing = false): Promise<Read> => {
    await response.body?.cancel().catch(() => undefined);
    return failure(p, missing);
  };
  if (response.status === 404 || response.status === 410)
    return refuse(
      problem("not-found", `${location} does not exist (HTTP ${response.status})`, { location }),
      true,
    );
  if (!response.ok)
    return refuse(
      problem("http-status", `${location}: HTTP ${response.status}`, { location, status: response.status }),
    );
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > limit)
    return refuse(problem("too-large", `${location} is larger than ${limit} bytes`, { location, limit }));
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    if (response.body)
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.length;
        if (size > limit)
          return refuse(
            problem("too-large", `${location} is larger than ${limit} bytes`, { location, limit }),
          );
        chunks.push(chunk);
      }
  } catch (error) {
    reader.options.signal?.throwIfAborted();
    const reason =
      error instanceof Error ? (error.name === "TimeoutError" ? "timeout" : error.message) : String(error);
    return failure(problem("unreadable", `${location}: ${reason}`, { location, reason }));
  }
  return { ok: true, bytes: Buffer.concat(chunks), place: { kind: "url", url } };
}

export function readPlace(reader: Reader, place: Place, limit: number): Promise<Read> {
  return place.kind === "file" ? readLocal(reader, place.path, limit) : readRemote(reader, place.url, limit);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function decode(bytes: Uint8Array, location: string): { text: string } | { problem: IntakeProblem } {
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return { problem: problem("not-utf8", `${location} is not UTF-8 text`, { location }) };
  }
}

export function sibling(place: Place, suffix: string): Place {
  return place.kind === "file"
    ? { kind: "file", path: `${place.path}${suffix}` }
    : { kind: "url", url: new URL(`${place.url.pathname.split("/").pop()}${suffix}`, place.url) };
}
