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

  return {
    get(key: string, stamp: string): CachedBody | undefined {
      const hit = entries.get(key);
      if (!hit || hit.stamp !== stamp) return undefined;
      entries.delete(key);
      entries.set(key, hit);
      return hit;
    },
    /** Keeps `body` unless it would take more than a quarter of the budget; returns it either way. */
    set(key: string, stamp: string, text: string | Bytes): CachedBody {
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
  if (gzip) return c.body(await cached.gzipped(), 200, { ...headers, "content-encoding": "gzip" });
  return c.body(cached.body, 200, headers);
}
