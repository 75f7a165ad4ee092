import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Product } from "../model/product.js";
import { CatalogueFile, type CatalogueName } from "./schema.js";
import { sharedDirectory } from "./shared-data.js";

/**
 * The METI catalogues are transcriptions of the seeds: every file is checked against its schema, its
 * counts against what the seed lists, and every Japanese text against the seed itself.
 */

const root = new URL("../../", import.meta.url);

const seedDirectory = process.env.MAMORI_SEEDS ?? join(sharedDirectory(), "seeds");

const SUPPLEMENT = "000_8a03eced8e80a07e.txt";
const IOT = "004_c8626f956a15e70e.txt";

const files = {
  "method-steps.yaml": "meti-method-steps",
  "smart-factory-threats.yaml": "meti-smart-factory-threats",
  "ooda-roles.yaml": "meti-ooda-roles",
  "supply-chain-checkpoints.yaml": "meti-supply-chain-checkpoints",
  "iot-measures.yaml": "meti-iot-measures",
  "countermeasure-areas.yaml": "meti-countermeasure-areas",
} as const satisfies Record<string, CatalogueName>;
type FileName = keyof typeof files;
type Of<N extends CatalogueName> = Extract<CatalogueFile, { catalogue: N }>;

function raw(file: FileName): unknown {
  return parse(readFileSync(new URL(`catalogues/meti/${file}`, root), "utf8"));
}

function load<F extends FileName>(file: F): Of<(typeof files)[F]> {
  const result = CatalogueFile.safeParse(raw(file));
  if (!result.success) throw new Error(`${file}: ${result.error.message}`);
  if (result.data.catalogue !== files[file]) throw new Error(`${file}: catalogue ${result.data.catalogue}`);
  return result.data as Of<(typeof files)[F]>;
}

function seedLines(name: string): string[] {
  if (!seedDirectory) throw new Error("seed directory not found (set MAMORI_SEEDS)");
  return readFileSync(`${seedDirectory}/${name}`, "utf8").split(/\r?\n/);
}

const stripTags = (text: string) => text.replace(/<\/?[A-Za-z][^>]*>/g, "");

/** The seed as one string without HTML tags or line breaks (a bullet may run across a page break). */
function seedText(name: string): string {
  return stripTags(seedLines(name).join(""));
}

/** The `<li>` contents of a table cell, or the cell's text when it has no list. */
function cellItems(cell: string): string[] {
  const items = [...cell.matchAll(/<li>(.*?)<\/li>/g)].map((m) => (m[1] ?? "").trim());
  return items.length > 0 ? items : [stripTags(cell).trim()];
}

/** The tab-separated rows of the table under a `###` heading of the supplement, by first cell. */
function tableUnder(heading: string): Map<string, string[]> {
  const lines = seedLines(SUPPLEMENT);
  const start = lines.indexOf(`### ${heading}`);
  if (start < 0) throw new Error(`heading not in seed: ${heading}`);
  const rows = new Map<string, string[]>();
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith("#") || line.startsWith("- ")) break;
    const cells = line.split("\t");
    if (cells.length > 1 && cells[0] !== "") rows.set(cells[0] ?? "", cells.slice(1));
  }
  return rows;
}

/** Every Bilingual ({ja, en}) inside a value, with its path. */
function bilinguals(value: unknown, path = ""): { path: string; ja: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => bilinguals(v, `${path}/${i}`));
  if (typeof value !== "object" || value === null) return [];
  const record = value as Record<string, unknown>;
  if (typeof record.ja === "string" && typeof record.en === "string") return [{ path, ja: record.ja }];
  return Object.entries(record).flatMap(([key, v]) => bilinguals(v, `${path}/${key}`));
}

describe("METI catalogue files", () => {
  it.each(Object.keys(files) as FileName[])("%s passes the catalogue schema", (file) => {
    const result = CatalogueFile.safeParse(raw(file));
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it("has unique ids within and across the files, point ids included", () => {
    const ids = (Object.keys(files) as FileName[]).flatMap((file) => {
      const content = load(file);
      return content.items.flatMap((item) => [
        item.id,
        ...("points" in item ? item.points.flatMap((p) => ("id" in p ? [p.id] : [])) : []),
      ]);
    });
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });

  it("names the seed each file was transcribed from", () => {
    for (const file of Object.keys(files) as FileName[]) {
      const { source } = load(file);
      expect(source.publisher).toBe("meti");
      expect(source.seed).toBe(file === "iot-measures.yaml" ? IOT : SUPPLEMENT);
    }
  });
});

describe("method steps", () => {
  const { items } = load("method-steps.yaml");

  it("has Step 1, 1-1 … 1-7, Step 2, 2-1, 2-2 and Step 3 in order", () => {
    const steps = ["1", "1-1", "1-2", "1-3", "1-4", "1-5", "1-6", "1-7", "2", "2-1", "2-2", "3"];
    expect(items.map((i) => i.step)).toEqual(steps);
    expect(items.map((i) => i.id)).toEqual(steps.map((s) => `step-${s}`));
  });

  it("gives the guideline sections the seed gives", () => {
    expect(Object.fromEntries(items.map((i) => [i.step, i.guidelineSection]))).toEqual({
      "1": undefined,
      "1-1": "3.1.1",
      "1-2": "3.1.2",
      "1-3": "3.1.3",
      "1-4": "3.1.4",
      "1-5": "3.1.5",
      "1-6": "3.1.6",
      "1-7": "3.1.7",
      "2": undefined,
      "2-1": "3.2.1",
      "2-2": "3.2.2",
      "3": "3.3",
    });
  });

  it("has the seed's points per step", () => {
    expect(Object.fromEntries(items.map((i) => [i.step, i.points.length]))).toEqual({
      "1": 0,
      "1-1": 7,
      "1-2": 2,
      "1-3": 1,
      "1-4": 1,
      "1-5": 1,
      "1-6": 1,
      "1-7": 2,
      "2": 0,
      "2-1": 1,
      "2-2": 4,
      "3": 7,
    });
  });
});

describe("smart-factory threat table", () => {
  const { items } = load("smart-factory-threats.yaml");

  it("has exactly the 9 rows, numbered 1..9, with ids meti.sf-threat.N", () => {
    expect(items.map((i) => i.row)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(items.map((i) => i.id)).toEqual(items.map((i) => `meti.sf-threat.${i.row}`));
  });

  it("continues the merged 脅威種別 cells into rows 2, 6 and 9", () => {
    expect(items.map((i) => i.threatKind)).toEqual([
      "theft-destruction-manipulation",
      "theft-destruction-manipulation",
      "abnormal-control",
      "data-theft",
      "data-tampering",
      "data-tampering",
      "availability-loss",
      "human-error",
      "human-error",
    ]);
  });

  it("matches each row of the seed's table: threat, countermeasure kind and areas", () => {
    const lines = seedLines(SUPPLEMENT);
    const caption = lines.indexOf("スマート化の想定脅威に対応するセキュリティ対策例");
    const header = lines.indexOf("\t脅威種別\t脅威内容\t対策種別\t対策内容", caption);
    expect(caption).toBeGreaterThan(0);
    expect(header).toBeGreaterThan(caption);
    const areaOf: Record<string, string> = { "①": "network", "②": "device", "③": "business-program-service" };
    const rows: { row: number; threat: string; kind: string; areas: string[] }[] = [];
    for (const line of lines.slice(header + 1)) {
      if (!line.includes("\t")) break;
      const [number, , threat, kind, content] = line.split("\t");
      const area = areaOf[content?.match(/^\(1\)([①②③])/)?.[1] ?? ""];
      if (area === undefined) throw new Error(`unexpected 対策内容: ${line}`);
      if (number === "") rows.at(-1)?.areas.push(area);
      else rows.push({ row: Number(number), threat: threat ?? "", kind: kind ?? "", areas: [area] });
    }
    expect(
      items.map((i) => ({ row: i.row, threat: i.threat.ja, kind: i.countermeasureKind.ja, areas: i.areas })),
    ).toEqual(rows);
  });
});

describe("OODA roles", () => {
  const { items } = load("ooda-roles.yaml");
  const phases = { preventive: "予防保全段階", damage: "被害発生段階" } as const;
  const stages = {
    observe: "監視 (Observe)",
    orient: "分析 (Orient)",
    decide: "決定 (Decision)",
    act: "行動 (Action)",
  } as const;

  it("has 8 items, one per phase × stage, with ids meti.ooda.<phase>.<stage>", () => {
    expect(items).toHaveLength(8);
    const keys = items.map((i) => `${i.phase}.${i.stage}`);
    const expected = Object.keys(phases).flatMap((p) => Object.keys(stages).map((s) => `${p}.${s}`));
    expect(keys.sort()).toEqual(expected.sort());
    for (const item of items) expect(item.id).toBe(`meti.ooda.${item.phase}.${item.stage}`);
  });

  it("has the seed's activities and decision makers, in order", () => {
    for (const item of items) {
      const row = tableUnder(`サイバー攻撃の早期認識と対処における役割分担例 (${phases[item.phase]})`).get(
        stages[item.stage],
      );
      expect(row, `${item.id}: row in seed`).toBeDefined();
      const [, deciders = "", activities = ""] = row ?? [];
      expect(item.activities.map((a) => a.ja)).toEqual(cellItems(activities));
      expect(
        item.decisionMakers.map((d) => (d.condition ? `${d.text.ja} (${d.condition.ja})` : d.text.ja)),
      ).toEqual(cellItems(deciders));
    }
  });

  it("maps the decision makers to department types", () => {
    const types = new Map(items.flatMap((i) => i.decisionMakers.map((d) => [d.text.ja, d.departmentType])));
    expect(Object.fromEntries(types)).toEqual({
      経営者: "management",
      セキュリティ担当部署の責任者: "security",
      "工場長、現場責任者": "factory",
      BCP担当部署の責任者: "bcp",
    });
  });
});

describe("supply-chain check points", () => {
  const { items } = load("supply-chain-checkpoints.yaml");
  const tables = {
    cloud: "クラウド利用時の留意事項",
    "general-purpose-product": "汎用品利用時の留意事項",
    software: "ソフトウェア利用時の留意事項",
  } as const;
  const phases = {
    procurement: "調達",
    contract: "契約",
    development: "開発",
    "operation-maintenance": "運用・保守",
  } as const;
  // Counted in the seed: cloud and general-purpose products have no 開発 row; 汎用品 × 契約 is a remark.
  const expected = {
    cloud: { procurement: 4, contract: 2, development: 0, "operation-maintenance": 6 },
    "general-purpose-product": { procurement: 8, contract: 1, development: 0, "operation-maintenance": 5 },
    software: { procurement: 7, contract: 4, development: 3, "operation-maintenance": 5 },
  };
  const count = (subject: string, phase: string) =>
    items.filter((i) => i.subject === subject && i.phase === phase).length;

  it("has the number of check points the seed lists per subject and phase", () => {
    const counts = Object.fromEntries(
      Object.keys(tables).map((s) => [
        s,
        Object.fromEntries(Object.keys(phases).map((p) => [p, count(s, p)])),
      ]),
    );
    expect(counts).toEqual(expected);
    expect(items).toHaveLength(45);
  });

  it("has the seed's check points, in order, with ids meti.sc.<subject>.<phase>.N", () => {
    for (const [subject, heading] of Object.entries(tables)) {
      const table = tableUnder(heading);
      for (const [phase, label] of Object.entries(phases)) {
        const points = items.filter((i) => i.subject === subject && i.phase === phase);
        const cell = table.get(label);
        expect(
          points.map((p) => p.text.ja),
          `${subject} ${phase}`,
        ).toEqual(cell === undefined ? [] : cellItems(cell[0] ?? ""));
        expect(points.map((p) => p.id)).toEqual(points.map((_, n) => `meti.sc.${subject}.${phase}.${n + 1}`));
      }
    }
  });

  it("marks only the general-purpose contract cell as a remark", () => {
    expect(items.filter((i) => i.remark).map((i) => i.id)).toEqual([
      "meti.sc.general-purpose-product.contract.1",
    ]);
  });
});

describe("IoT measures 1–6", () => {
  const { items } = load("iot-measures.yaml");

  it("has the 6 measures with the seed's bullet counts and point ids", () => {
    expect(items.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(items.map((i) => i.id)).toEqual(items.map((i) => `meti.iot.${i.number}`));
    expect(items.map((i) => i.points.length)).toEqual([2, 1, 3, 9, 1, 3]);
    for (const item of items) {
      expect(item.points.map((p) => p.id)).toEqual(item.points.map((_, n) => `${item.id}.${n + 1}`));
    }
  });

  it("has the seed's 【対策N】 titles", () => {
    const lines = seedLines(IOT);
    for (const item of items) {
      expect(lines).toContain(`【対策${item.number}】 ${item.title.ja}`);
    }
  });

  it("names only fields of the product document as product sections", () => {
    const fields = Object.keys(Product.shape);
    for (const item of items) {
      for (const section of item.productSections) expect(fields, `${item.id}`).toContain(section);
    }
  });
});

describe("fidelity: every Japanese text occurs verbatim in the seed", () => {
  it.each(Object.keys(files) as FileName[])("%s", (file) => {
    const content = load(file);
    const seed = seedText(content.source.seed ?? "");
    const missing = bilinguals(content.items, "/items")
      .flatMap(({ path, ja }) => ja.split("\n").map((part) => ({ path, part })))
      .filter(({ part }) => !seed.includes(part));
    expect(missing).toEqual([]);
  });
});
