import type { Asset, Site } from "./site.js";

/**
 * The asset inventory as a sheet, the way factories keep it in Excel: one row per asset, one column per
 * field, lists separated by ';'. Pure, so the browser (CSV/xlsx upload with column mapping) and the server
 * (CSV export, import) read and write the same columns. A cell that cannot be read becomes a problem
 * located by row and column; the whole-site checks (references, an asset in two zones…) run on the server.
 */
export const sheetColumns = [
  "id",
  "name_ja",
  "name_en",
  "type",
  "zone",
  "vendor",
  "product",
  "model",
  "hardwareVersion",
  "firmwareVersion",
  "softwareVersion",
  "cpe",
  "purl",
  "serialNumbers",
  "skus",
  "quantity",
  "owner",
  "maintainer",
  "location",
  "operations",
  "importance",
  "importanceReason",
  "generalPurpose",
  "supportEnds",
  "installedOn",
  "addresses",
  "tags",
] as const;
export type SheetColumn = (typeof sheetColumns)[number];
export type SheetRow = Partial<Record<SheetColumn, string>>;

export interface SheetProblem {
  /** 1-based data row (the header is row 0). */
  row: number;
  column: SheetColumn;
  code: "required" | "not-a-number" | "not-a-boolean";
  value: string;
}

const listColumns = new Set<SheetColumn>(["serialNumbers", "skus", "operations", "addresses", "tags"]);

function list(value: string): string[] {
  return value
    .split(/[;；\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

function localized(ja: string | undefined, en: string | undefined): Asset["name"] | undefined {
  if (ja && en) return { ja, en };
  return ja || en || undefined;
}

/**
 * One sheet row as an asset (the fields the sheet has) and its zone. Cells left empty are absent, so an
 * import merges them onto the stored asset without erasing what the sheet does not hold.
 */
export function rowToAsset(
  row: SheetRow,
  rowNumber: number,
): { asset: Partial<Asset> & { id?: string }; zone?: string; problems: SheetProblem[] } {
  const problems: SheetProblem[] = [];
  const cell = (column: SheetColumn) => {
    const value = row[column]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const asset: Record<string, unknown> = {};
  const id = cell("id");
  if (id === undefined) problems.push({ row: rowNumber, column: "id", code: "required", value: "" });
  else asset.id = id;
  const name = localized(cell("name_ja"), cell("name_en"));
  if (name !== undefined) asset.name = name;
  for (const column of [
    "type",
    "vendor",
    "product",
    "model",
    "hardwareVersion",
    "firmwareVersion",
    "softwareVersion",
    "cpe",
    "purl",
    "owner",
    "maintainer",
    "supportEnds",
    "installedOn",
  ] as const) {
    const value = cell(column);
    if (value !== undefined) asset[column] = value;
  }
  const location = cell("location");
  if (location !== undefined) asset.location = location;
  for (const column of listColumns) {
    const value = cell(column);
    if (value !== undefined) asset[column] = list(value);
  }
  const quantity = cell("quantity");
  if (quantity !== undefined) {
    const number = Number(quantity.replace(/[,，]/g, ""));
    if (Number.isFinite(number)) asset.quantity = number;
    else problems.push({ row: rowNumber, column: "quantity", code: "not-a-number", value: quantity });
  }
  const general = cell("generalPurpose");
  if (general !== undefined) {
    const yes = ["true", "yes", "y", "1", "○", "はい", "汎用"].includes(general.toLowerCase());
    const no = ["false", "no", "n", "0", "×", "いいえ", "-"].includes(general.toLowerCase());
    if (yes || no) asset.generalPurpose = yes;
    else problems.push({ row: rowNumber, column: "generalPurpose", code: "not-a-boolean", value: general });
  }
  const importance = cell("importance");
  if (importance !== undefined)
    asset.importance = { level: importance, reason: cell("importanceReason") ?? "" };
  const zone = cell("zone");
  return { asset: asset as Partial<Asset>, ...(zone ? { zone } : {}), problems };
}

function text(value: Asset["name"] | undefined, lang: "ja" | "en"): string {
  if (value === undefined) return "";
  if (typeof value === "string") return lang === "ja" ? value : "";
  return value[lang] ?? "";
}

/** The site's assets as sheet rows, in the document's order, with each asset's zone. */
export function siteToRows(site: Site): SheetRow[] {
  const zoneOf = new Map<string, string>();
  for (const zone of site.zones ?? []) for (const asset of zone.assets ?? []) zoneOf.set(asset, zone.id);
  return (site.assets ?? []).map((asset) => {
    const row: SheetRow = {
      id: asset.id,
      name_ja: text(asset.name, "ja"),
      name_en: text(asset.name, "en"),
      type: asset.type,
      zone: zoneOf.get(asset.id) ?? "",
      vendor: asset.vendor ?? "",
      product: asset.product ?? "",
      model: asset.model ?? "",
      hardwareVersion: asset.hardwareVersion ?? "",
      firmwareVersion: asset.firmwareVersion ?? "",
      softwareVersion: asset.softwareVersion ?? "",
      cpe: asset.cpe ?? "",
      purl: asset.purl ?? "",
      serialNumbers: (asset.serialNumbers ?? []).join(";"),
      skus: (asset.skus ?? []).join(";"),
      quantity: asset.quantity === undefined ? "" : String(asset.quantity),
      owner: asset.owner ?? "",
      maintainer: asset.maintainer ?? "",
      location:
        asset.location === undefined
          ? ""
          : typeof asset.location === "string"
            ? asset.location
            : (asset.location.ja ?? asset.location.en ?? ""),
      operations: (asset.operations ?? []).join(";"),
      importance: asset.importance?.level ?? "",
      importanceReason: asset.importance
        ? text(asset.importance.reason, "ja") || text(asset.importance.reason, "en")
        : "",
      generalPurpose: asset.generalPurpose === undefined ? "" : String(asset.generalPurpose),
      supportEnds: asset.supportEnds ?? "",
      installedOn: asset.installedOn ?? "",
      addresses: (asset.addresses ?? []).join(";"),
      tags: (asset.tags ?? []).join(";"),
    };
    return row;
  });
}

/** RFC 4180 CSV with a UTF-8 BOM, so Excel in Japan opens it with the right encoding. */
export function rowsToCsv(rows: readonly SheetRow[]): string {
  const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  const lines = [
    sheetColumns.join(","),
    ...rows.map((row) => sheetColumns.map((c) => quote(row[c] ?? "")).join(",")),
  ];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
