import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { Context } from "hono";
import { accepts } from "hono/accepts";

const gzipAsync = promisify(gzip);

/** Bytes a response can carry (Node's Buffers over a plain ArrayBuffer). */
type Bytes = Uint8Array<ArrayBuffer>;

/**
 * Response bodies as sent, by request and by a stamp of what they were made from (a site's version, an
 * analysis' version and time), at most `budget` bytes in all (gzipped copies included); the least
 * recently used go first. Per process: another process's write changes the stamp, which every read takes
 * from the database first, so a body is never served for data it was not made from.
 */
export type ResponseCache = ReturnType<typeof createResponseCache>;

export interface CachedBody {
  readonly body: Bytes;
  /** The body gzipped: made on the first request that accepts gzip, then kept beside it. */
  gzipped(): Promise<Bytes>;
}

interface Entry extends CachedBody {
  readonly stamp: string;
  bytes: number;
}

export function createResponseCache(budget: number) {
  const entries = new Map<string, Entry>();
  let size = 0;

  function entryOf(key: string | undefined, stamp: string, body: Bytes): Entry {
    let zipping: Promise<Bytes> | undefined;
    const entry: Entry = {
      stamp,
      body,
      bytes: body.byteLength,
      gzipped() {
        zipping ??= gzipAsync(body).then((result) => {
          const zipped = result as Bytes;
          if (key !== undefined && entries.get(key) === entry) {
            entry.bytes += zipped.byteLength;
            size += zipped.byteLength;
            evict();
          }
          return zipped;
        });
        return zipping;
      },
    };
    return entry;
  }

  function evict() {
    for (const [oldest, old] of entries) {
      if (size <= budget) break;
      entries.delete(oldest);
      size -= old.bytes;
    }
  }

  function get(key: string, stamp: string): CachedBody | undefined {
    const hit = entries.get(key);
    if (!hit || hit.stamp !== stamp) return undefined;
    entries.delete(key);
    entries.set(key, hit);
    return hit;
  }

  /** Keeps `body` unless it would take more than a quarter of the budget; returns it either way. */
  function set(key: string, stamp: string, text: string | Bytes): CachedBody {
    const old = entries.get(key);
    if (old) {
      entries.delete(key);
      size -= old.bytes;
    }
    const body = typeof text === "string" ? Buffer.from(text, "utf8") : text;
    if (body.byteLength > budget / 4) return entryOf(undefined, stamp, body);
    const entry = entryOf(key, stamp, body);
    entries.set(key, entry);
    size += entry.bytes;
    evict();
    return entry;
  }

  /** Bodies being made, by key and stamp. */
  const making = new Map<string, Promise<CachedBody | undefined>>();

  return {
    get,
    set,
    /**
     * The body for `key` at `stamp`: from memory, else made by `make` and kept, once however many
     * requests ask for it while it is being made (a large report takes the database seconds). When `make`
     * gives nothing (what it reads has changed meanwhile), nothing is kept.
     */
    through(
      key: string,
      stamp: string,
      make: () => Promise<string | Bytes | undefined>,
    ): Promise<CachedBody | undefined> {
      const hit = get(key, stamp);
      if (hit) return Promise.resolve(hit);
      const id = `${stamp}\n${key}`;
      let pending = making.get(id);
      if (!pending) {
        pending = make()
          .then((text) => (text === undefined ? undefined : set(key, stamp, text)))
          .finally(() => making.delete(id));
        making.set(id, pending);
      }
      return pending;
    },
  };
}

/** Bodies smaller than this go out as they are: gzip would cost more time than it saves on a LAN. */
const gzipFrom = 8 * 1024;

/** The cached body, gzipped when it is large and the client accepts gzip. */
export async function sendCached(
  c: Context,
  cached: CachedBody,
  type = "application/json",
): Promise<Response> {
  const headers: Record<string, string> = { "content-type": type, vary: "Accept-Encoding" };
  const gzip =
    cached.body.byteLength >= gzipFrom &&
    accepts(c, { header: "Accept-Encoding", supports: ["gzip"], default: "identity" }) === "gzip";
  // With its length said, a small body is left alone by the compress middleware too, which would
  // otherwise gzip every answer of unknown length on the fly.
  const body = gzip ? await cached.gzipped() : cached.body;
  return c.body(body, 200, {
    ...headers,
    "content-length": String(body.byteLength),
    ...(gzip ? { "content-encoding": "gzip" } : {}),
  });
}
