import { type SheetColumn, type SheetRow, sheetColumns } from "../../../../src/model/asset-sheet";

/**
 * Reading an uploaded inventory into Mamori's sheet columns: header names as factories write them (ja
 * and en) guessed to a column, the user correcting the guess. Parsers are loaded only when a file is
 * chosen, so they are not in any page's first JavaScript.
 */
const synonyms: Record<SheetColumn, string[]> = {
  id: ["id", "機器id", "資産id", "管理番号", "識別子", "asset id"],
  name_ja: ["name_ja", "機器名", "名称", "資産名", "名前", "name", "機器名称"],
  name_en: ["name_en", "英語名", "英名", "english name", "name (en)"],
  type: ["type", "種別", "機器種別", "タイプ", "分類"],
  zone: ["zone", "ゾーン", "ゾーンid"],
  vendor: ["vendor", "メーカー", "製造元", "ベンダ", "ベンダー", "manufacturer", "maker"],
  product: ["product", "製品", "製品名"],
  model: ["model", "型式", "型番", "モデル"],
  hardwareVersion: ["hardwareversion", "ハードウェアバージョン", "ハードウェア", "hw version"],
  firmwareVersion: [
    "firmwareversion",
    "ファームウェア",
    "ファームウェアバージョン",
    "firmware",
    "fw",
    "fw version",
  ],
  softwareVersion: ["softwareversion", "ソフトウェアバージョン", "ソフトウェア", "software", "sw version"],
  cpe: ["cpe"],
  purl: ["purl", "package url"],
  serialNumbers: ["serialnumbers", "シリアル", "シリアル番号", "製造番号", "serial", "serial number"],
  skus: ["skus", "sku", "品番", "注文番号", "発注番号", "order number", "article number", "part number"],
  quantity: ["quantity", "数量", "台数", "qty"],
  owner: ["owner", "管理部署", "所有部署", "担当部署", "所管部署"],
  maintainer: ["maintainer", "保守", "保守担当", "保守会社", "保守業者"],
  location: ["location", "設置場所", "場所", "設置先"],
  operations: ["operations", "業務", "関連業務"],
  importance: ["importance", "重要度"],
  importanceReason: ["importancereason", "重要度の理由", "重要度理由", "理由"],
  generalPurpose: ["generalpurpose", "汎用品", "汎用"],
  supportEnds: ["supportends", "サポート終了", "サポート終了日", "eol", "end of support"],
  installedOn: ["installedon", "設置日", "導入日"],
  addresses: ["addresses", "ipアドレス", "アドレス", "ip", "ip address"],
  tags: ["tags", "タグ"],
};

function normalise(header: string): string {
  return header
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_\-（）()・:：]/g, "");
}

const lookup = new Map<string, SheetColumn>();
for (const column of sheetColumns)
  for (const name of [column, ...synonyms[column]]) lookup.set(normalise(name), column);

/** The column a header most likely means, or undefined (ignored until the user maps it). */
export function guessColumn(header: string): SheetColumn | undefined {
  const key = normalise(header);
  if (!key) return undefined;
  const exact = lookup.get(key);
  if (exact) return exact;
  for (const [name, column] of lookup) if (name.length >= 2 && key.includes(name)) return column;
  return undefined;
}

export function guessMapping(headers: string[]): (SheetColumn | undefined)[] {
  const taken = new Set<SheetColumn>();
  return headers.map((header) => {
    const column = guessColumn(header);
    if (!column || taken.has(column)) return undefined;
    taken.add(column);
    return column;
  });
}

export function applyMapping(rows: string[][], mapping: (SheetColumn | undefined)[]): SheetRow[] {
  return rows.map((cells) => {
    const row: SheetRow = {};
    mapping.forEach((column, index) => {
      const value = cells[index];
      if (column && value !== undefined && value !== "") row[column] = value;
    });
    return row;
  });
}

function decode(buffer: ArrayBuffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(buffer);
  } catch {
    // Excel in Japan saves CSV as Shift_JIS.
    return new TextDecoder("shift_jis").decode(buffer);
  }
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).trim();
}

/** A CSV or xlsx file as its header and its data rows, all cells as text. */
export async function readSheetFile(file: File): Promise<{ headers: string[]; rows: string[][] }> {
  let table: string[][];
  if (/\.xlsx$/i.test(file.name)) {
    const { readSheet } = await import("read-excel-file/browser");
    const data = await readSheet(file);
    table = data.map((row) => row.map(cellText));
  } else {
    const Papa = (await import("papaparse")).default;
    const text = decode(await file.arrayBuffer()).replace(/^\uFEFF/, "");
    table = Papa.parse<string[]>(text, { skipEmptyLines: "greedy" }).data.map((row) => row.map(cellText));
  }
  const [headers = [], ...rows] = table;
  return { headers, rows: rows.filter((row) => row.some((cell) => cell !== "")) };
}
