import type { CatalogueEntry, Catalogues } from "../catalogues/load.js";
import { translator } from "../i18n/index.js";
import { suggest } from "../model/issues.js";
import { builtInCatalogues, problemLine } from "./documents.js";
import { CliExit, type CommandContext, type ExitCode, exitCodes } from "./io.js";

/** `mamori catalog list|show`: browse the built-in catalogues, always naming each item's source. */

export interface ListFilters {
  catalogue?: string;
  area?: string;
  route?: string;
  search?: string;
}

function load(context: CommandContext): Catalogues {
  const { catalogues, problems } = builtInCatalogues();
  if (!catalogues) {
    for (const p of problems) context.io.stderr(`${problemLine(context, `catalogues/${p.file}`, p)}\n`);
    throw new CliExit(exitCodes.invalid);
  }
  return catalogues;
}

function title(entry: CatalogueEntry, lang: "ja" | "en"): string {
  return typeof entry.title === "string" ? entry.title : entry.title[lang];
}

export function filterEntries(catalogues: Catalogues, filters: ListFilters): CatalogueEntry[] {
  const needle = filters.search?.toLowerCase();
  return [...catalogues.entries.values()]
    .filter((e) => !filters.catalogue || e.catalogue === filters.catalogue)
    .filter(
      (e) =>
        !filters.area ||
        e.item.area === filters.area ||
        (e.item.areas as string[] | undefined)?.includes(filters.area),
    )
    .filter((e) => !filters.route || (e.item.entryRoutes as string[] | undefined)?.includes(filters.route))
    .filter((e) => {
      if (!needle) return true;
      const t = e.title;
      const text = typeof t === "string" ? t : `${t.ja} ${t.en}`;
      return e.id.toLowerCase().includes(needle) || text.toLowerCase().includes(needle);
    })
    .sort(
      (a, b) => a.catalogue.localeCompare(b.catalogue) || a.id.localeCompare(b.id, "en", { numeric: true }),
    );
}

export function runCatalogList(context: CommandContext, filters: ListFilters): ExitCode {
  const catalogues = load(context);
  const { t, lang } = translator(context.lang);
  const entries = filterEntries(catalogues, filters);
  if (context.format === "json") {
    context.io.stdout(
      `${JSON.stringify(
        entries.map((e) => ({
          id: e.id,
          catalogue: e.catalogue,
          title: e.title,
          publisher: e.source.publisher,
        })),
        null,
        2,
      )}\n`,
    );
    return exitCodes.ok;
  }
  for (const e of entries) context.io.stdout(`${e.id}\t${e.catalogue}\t${title(e, lang)}\n`);
  context.io.stdout(`${t("cli.catalog.count", { count: entries.length })}\n`);
  return exitCodes.ok;
}

export function runCatalogShow(context: CommandContext, id: string): ExitCode {
  const catalogues = load(context);
  const { t, lang, label } = translator(context.lang);
  const entry = catalogues.entries.get(id);
  if (!entry) {
    const suggestion = suggest(id, [...catalogues.entries.keys()]);
    context.io.stderr(
      `${t("cli.catalog.notFound", { id, hint: suggestion ? t("problem.hint", { suggestion }) : "" })}\n`,
    );
    return exitCodes.invalid;
  }
  const mitigatedBy = (catalogues.mitigatedBy.get(id) ?? []).map((c) => c.id);
  if (context.format === "json") {
    context.io.stdout(
      `${JSON.stringify({ ...entry.item, catalogue: entry.catalogue, source: entry.source, ...(entry.catalogue === "mamori-threats" ? { mitigatedBy } : {}) }, null, 2)}\n`,
    );
    return exitCodes.ok;
  }
  const source = entry.source;
  let out = `${entry.id}  ${title(entry, lang)}\n`;
  out += `${t("cli.catalog.source")}: ${label("cataloguePublishers", source.publisher)} — ${source.document[lang]}`;
  if (source.section) out += ` / ${source.section}`;
  out += "\n";
  if (source.publisher === "mamori") out += `  (${t("cli.catalog.ours")})\n`;
  for (const [key, value] of Object.entries(entry.item)) {
    if (key === "id" || key === "section") continue;
    out += `  ${key}: ${render(value, lang)}\n`;
  }
  if (entry.catalogue === "mamori-threats")
    out += `  ${t("cli.catalog.mitigatedBy")}: ${mitigatedBy.join(", ") || "-"}\n`;
  context.io.stdout(out);
  return exitCodes.ok;
}

function render(value: unknown, lang: "ja" | "en"): string {
  if (Array.isArray(value)) return value.map((v) => render(v, lang)).join(lang === "ja" ? "、" : ", ");
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    if (typeof record.ja === "string" && typeof record.en === "string")
      return lang === "ja" ? `${record.ja}（${record.en}）` : `${record.en} (${record.ja})`;
    return Object.entries(record)
      .map(([k, v]) => `${k}=${render(v, lang)}`)
      .join("; ");
  }
  return String(value);
}
