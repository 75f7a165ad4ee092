import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { generateSite } from "../generate/site.js";
import { translator } from "../i18n/index.js";
import type { Problem } from "./problems.js";
import { validateText, validateValue } from "./validate.js";

/**
 * The validator is total: whatever it is fed, it returns problems (never throws), every error has a
 * place, and every message renders in both languages. Seeds are fixed so a failure reproduces; a failing
 * seed becomes a named case in validate.test.ts.
 */

const runs = { numRuns: 300, seed: 20261121 };

function expectWellFormed(problems: readonly Problem[], located: boolean) {
  for (const p of problems) {
    if (located) expect(p.location?.line, JSON.stringify(p)).toBeGreaterThanOrEqual(1);
    for (const lang of ["ja", "en"] as const) {
      const message = translator(lang).problem(p);
      expect(message).not.toMatch(/problem\.|\[object Object\]|undefined|\n\s+at /);
    }
  }
}

const template = generateSite({ assets: 40, seed: 7 });

/** Structural mutations of a valid document: what people and editors do to files by mistake. */
type Mutation =
  | { op: "delete"; path: (string | number)[] }
  | { op: "set"; path: (string | number)[]; value: unknown }
  | { op: "rename"; path: (string | number)[]; to: string };

function paths(
  value: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      paths(v, [...prefix, i], out);
    });
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  }
  if (prefix.length > 0) out.push(prefix);
  return out;
}

function apply(document: unknown, mutation: Mutation): unknown {
  const copy = structuredClone(document) as Record<string | number, unknown>;
  const parentPath = mutation.path.slice(0, -1);
  const last = mutation.path.at(-1) as string | number;
  let parent: Record<string | number, unknown> = copy;
  for (const segment of parentPath) parent = parent[segment] as Record<string | number, unknown>;
  if (mutation.op === "delete") {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (mutation.op === "set") {
    parent[last] = mutation.value;
  } else if (!Array.isArray(parent)) {
    parent[mutation.to] = parent[last];
    delete parent[last];
  }
  return copy;
}

// Smaller template for path sampling keeps the arbitrary cheap.
const templatePaths = paths(template);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom(...templatePaths).map((path) => ({ op: "delete" as const, path })),
  fc
    .tuple(
      fc.constantFrom(...templatePaths),
      fc.oneof(
        fc.jsonValue(),
        fc.constantFrom(
          "plc",
          "zone-001-it",
          "asset-000001",
          "op-001",
          "nope",
          "",
          "2026-02-30",
          -1,
          1e9,
          null,
        ),
      ),
    )
    .map(([path, value]) => ({ op: "set" as const, path, value })),
  fc
    .tuple(
      fc.constantFrom(...templatePaths.filter((p) => typeof p.at(-1) === "string")),
      fc.string({ minLength: 1, maxLength: 12 }),
    )
    .map(([path, to]) => ({ op: "rename" as const, path, to })),
);

describe("validator properties", () => {
  it("never throws on arbitrary text, and every problem has a line", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const result = validateText(text);
        expectWellFormed(result.problems, true);
        if (!result.valid) expect(result.problems.some((p) => p.severity === "error")).toBe(true);
      }),
      runs,
    );
  });

  it("never throws on arbitrary JSON values, as text or as values", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const asValue = validateValue(value);
        expectWellFormed(asValue.problems, false);
        const asText = validateText(JSON.stringify(value) ?? "null");
        expectWellFormed(asText.problems, true);
        expect(asText.valid === undefined).toBe(asValue.valid === undefined);
      }),
      runs,
    );
  });

  it("handles random mutations of a valid site: located errors, never a crash", () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (mutations, asJson) => {
        let document: unknown = template;
        for (const m of mutations) {
          try {
            document = apply(document, m);
          } catch {
            // A later mutation may target a path an earlier one removed; keep what we have.
          }
        }
        const text = asJson ? JSON.stringify(document, null, 2) : stringify(document);
        const result = validateText(text);
        expectWellFormed(result.problems, true);
        // Same verdict whichever way the document arrives.
        expect(validateValue(document).valid === undefined).toBe(result.valid === undefined);
      }),
      { numRuns: 200, seed: 20261121 },
    );
  });

  it("finds the one broken reference it was given", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: template.zones?.length ? template.zones.length - 1 : 0 }),
        (zoneIndex) => {
          const broken = structuredClone(template);
          const zone = broken.zones?.[zoneIndex];
          if (!zone) return;
          zone.assets = [...(zone.assets ?? []), "asset-missing"];
          const result = validateText(stringify(broken));
          const errors = result.problems.filter((p) => p.severity === "error");
          expect(errors.map((p) => p.code)).toEqual(["unknown-reference"]);
          expect(errors[0]?.path).toEqual(["zones", zoneIndex, "assets", zone.assets.length - 1]);
        },
      ),
      { numRuns: 30, seed: 1 },
    );
  });
});

describe("generator", () => {
  it("always produces sites that validate without any problem", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        fc.option(fc.integer({ min: 1, max: 40 })),
        fc.nat(),
        (assets, zones, seed) => {
          const site = generateSite({ assets, seed, ...(zones === null ? {} : { zones }) });
          const result = validateValue(site);
          expect(result.problems).toEqual([]);
          expect(site.assets).toHaveLength(assets);
        },
      ),
      { numRuns: 40, seed: 42 },
    );
  });

  it("is deterministic for a seed", () => {
    expect(generateSite({ assets: 200, seed: 3 })).toEqual(generateSite({ assets: 200, seed: 3 }));
    expect(generateSite({ assets: 200, seed: 3 })).not.toEqual(generateSite({ assets: 200, seed: 4 }));
  });

  it("scales to 100k assets and stays valid", () => {
    const site = generateSite({ assets: 100_000, seed: 1 });
    expect(site.assets).toHaveLength(100_000);
    expect(validateValue(site).problems).toEqual([]);
  });
});
