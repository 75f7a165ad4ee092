import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateSite } from "../generate/site.js";
import { rowsToCsv, rowToAsset, sheetColumns, siteToRows } from "./asset-sheet.js";

describe("asset sheet", () => {
  it("reads back every asset it writes (property over generated sites)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (seed) => {
        const site = generateSite({ assets: 40, seed });
        const rows = siteToRows(site);
        rows.forEach((row, index) => {
          const { asset, zone, problems } = rowToAsset(row, index + 1);
          expect(problems).toEqual([]);
          const original = site.assets?.[index] as Record<string, unknown>;
          for (const [key, value] of Object.entries(asset)) expect(value).toEqual(original[key]);
          const zoneOf = site.zones?.find((z) => z.assets?.includes(String(original.id)))?.id;
          expect(zone).toBe(zoneOf);
        });
      }),
      { numRuns: 25 },
    );
  });

  it("locates unreadable cells by row and column and never throws on any text", () => {
    expect(rowToAsset({ id: "a", quantity: "two", generalPurpose: "maybe" }, 7).problems).toEqual([
      { row: 7, column: "quantity", code: "not-a-number", value: "two" },
      { row: 7, column: "generalPurpose", code: "not-a-boolean", value: "maybe" },
    ]);
    expect(rowToAsset({ name_ja: "名前だけ" }, 3).problems).toEqual([
      { row: 3, column: "id", code: "required", value: "" },
    ]);
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...sheetColumns), fc.string()), (row) => {
        const { problems } = rowToAsset(row, 1);
        for (const p of problems) expect(sheetColumns).toContain(p.column);
      }),
    );
  });

  it("writes CSV that Excel opens as UTF-8, quoting what needs it", () => {
    const csv = rowsToCsv([{ id: "a", name_ja: 'プレス "1号", 本体', location: "棟A\n2階" }]);
    expect(csv.startsWith("\uFEFFid,name_ja,")).toBe(true);
    expect(csv).toContain('"プレス ""1号"", 本体"');
    expect(csv).toContain('"棟A\n2階"');
  });
});
