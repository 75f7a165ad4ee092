import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { generateSite } from "../generate/site.js";
import { jsonSchemaText } from "./json-schema.js";

/**
 * The committed JSON Schema is what editors check files against: it must be current, and it must agree
 * with the validator on what is structurally valid (references and levels are beyond JSON Schema).
 */

const root = new URL("../../", import.meta.url);
const committed = (kind: string) => readFileSync(new URL(`schema/${kind}.schema.json`, root), "utf8");

describe("JSON Schema", () => {
  it("is committed exactly as generated (run `npm run schema` after changing the model)", () => {
    expect(committed("site")).toBe(jsonSchemaText("site"));
    expect(committed("product")).toBe(jsonSchemaText("product"));
    expect(committed("analysis")).toBe(jsonSchemaText("analysis"));
  });

  const ajv = new Ajv2020({ allErrors: true, strict: false });
  ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat("email", /^[^@\s]+@[^@\s]+$/);
  ajv.addFormat("uri", /^[a-z][a-z0-9+.-]*:/i);
  const site = ajv.compile(JSON.parse(committed("site")));
  const product = ajv.compile(JSON.parse(committed("product")));

  it("accepts the demo files and generated sites", () => {
    const demoSite = parse(readFileSync(new URL("examples/demo-site.yaml", root), "utf8"));
    expect(site(demoSite), JSON.stringify(site.errors)).toBe(true);
    const demoProduct = parse(readFileSync(new URL("examples/demo-product.yaml", root), "utf8"));
    expect(product(demoProduct), JSON.stringify(product.errors)).toBe(true);
    expect(site(generateSite({ assets: 300, seed: 5 })), JSON.stringify(site.errors)).toBe(true);
  });

  it("rejects unknown keys and values outside the vocabularies, as the validator does", () => {
    const generated = generateSite({ assets: 20, seed: 1 }) as unknown as Record<string, unknown>;
    expect(site({ ...generated, colour: "red" })).toBe(false);
    const assets = structuredClone(generated.assets) as Record<string, unknown>[];
    (assets[0] as Record<string, unknown>).type = "toaster";
    expect(site({ ...generated, assets })).toBe(false);
  });
});
