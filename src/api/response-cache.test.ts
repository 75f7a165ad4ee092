import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createResponseCache } from "./response-cache.js";

const text = (body: Uint8Array) => Buffer.from(body).toString("utf8");

describe("response cache", () => {
  it("answers only for the stamp a body was made from", () => {
    const cache = createResponseCache(1000);
    cache.set("page", "v1", "one");
    expect(text(cache.get("page", "v1")?.body ?? new Uint8Array())).toBe("one");
    expect(cache.get("page", "v2")).toBeUndefined();
    cache.set("page", "v2", "two");
    expect(cache.get("page", "v1")).toBeUndefined();
    expect(text(cache.get("page", "v2")?.body ?? new Uint8Array())).toBe("two");
  });

  it("lets the least recently used go first and never keeps a body over a quarter of the budget", () => {
    const cache = createResponseCache(400);
    cache.set("a", "1", "x".repeat(100));
    cache.set("b", "1", "x".repeat(100));
    cache.set("c", "1", "x".repeat(100));
    cache.get("a", "1");
    cache.set("d", "1", "x".repeat(100));
    cache.set("e", "1", "x".repeat(100));
    expect(cache.get("b", "1")).toBeUndefined();
    expect(cache.get("a", "1")).toBeDefined();
    const big = cache.set("big", "1", "y".repeat(101));
    expect(text(big.body)).toBe("y".repeat(101));
    expect(cache.get("big", "1")).toBeUndefined();
  });

  it("gzips once, counts the gzipped copy against the budget, and gives the same bytes back", async () => {
    const body = JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => ({ id: `asset-${i}` })) });
    const budget = 4 * body.length;
    const cache = createResponseCache(budget);
    const entry = cache.set("page", "1", body);
    // Fill the budget to one byte short: everything fits until the gzipped copy is made.
    const fillers = ["a", "b", "c"].map((key) => cache.set(key, "1", "z".repeat(body.length)));
    cache.set("d", "1", "z".repeat(body.length - 1));
    expect(fillers).toHaveLength(3);
    expect(cache.get("d", "1")).toBeDefined();
    const zipped = await entry.gzipped();
    expect(await entry.gzipped()).toBe(zipped);
    expect(gunzipSync(zipped).toString("utf8")).toBe(body);
    // The page was the least recently used, and its gzipped copy took the budget over.
    expect(cache.get("page", "1")).toBeUndefined();
    expect(cache.get("a", "1")).toBeDefined();
    expect(cache.get("d", "1")).toBeDefined();
  });

  it("makes a body once however many ask for it meanwhile, and keeps nothing when told the data moved", async () => {
    const cache = createResponseCache(1000);
    let made = 0;
    let finish: (text: string) => void = () => {};
    const make = () => {
      made += 1;
      return new Promise<string>((resolve) => {
        finish = resolve;
      });
    };
    const first = cache.through("report", "v1", make);
    const second = cache.through("report", "v1", make);
    finish("body");
    const [a, b] = await Promise.all([first, second]);
    expect(made).toBe(1);
    expect(a).toBe(b);
    expect(text(a?.body ?? new Uint8Array())).toBe("body");
    expect(await cache.through("report", "v1", make)).toBe(a);
    expect(made).toBe(1);
    // Another stamp is made anew; a make that gives nothing is not kept, and the next one runs again.
    expect(await cache.through("report", "v2", async () => undefined)).toBeUndefined();
    expect(cache.get("report", "v2")).toBeUndefined();
    expect(text((await cache.through("report", "v2", async () => "two"))?.body ?? new Uint8Array())).toBe(
      "two",
    );
  });
});
