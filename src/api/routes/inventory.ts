import { z } from "@hono/zod-openapi";
import { translator } from "../../i18n/index.js";
import {
  rowsToCsv,
  rowToAsset,
  type SheetProblem,
  sheetColumns,
  siteToRows,
} from "../../model/asset-sheet.js";
import { dottedPath, jsonPointer } from "../../model/problems.js";
import { readLayout, writeLayout } from "../../store/layouts.js";
import type { EntityChange } from "../../store/sites.js";
import { Revision, renderProblems } from "../errors.js";
import type { ApiApp } from "../routing.js";
import { etag, ifMatch, requirePrincipal, route } from "../routing.js";

const siteParam = z.object({ site: z.string().min(1).max(100) });
const Row = z.partialRecord(z.enum(sheetColumns), z.string().max(10_000));

const RowProblem = z
  .object({
    row: z.number().int().describe("1-based data row of the sheet"),
    column: z.string().nullable().describe("Sheet column, when the problem is in one"),
    pointer: z.string(),
    code: z.string(),
    message: z.string(),
  })
  .openapi("RowProblem");

const ImportOutcome = z
  .object({
    dryRun: z.boolean(),
    applied: z.boolean(),
    rows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    problems: z.array(RowProblem),
    /** Problems not inside one row (e.g. a zone that would hold an asset twice). */
    siteProblems: z.array(z.object({ pointer: z.string(), code: z.string(), message: z.string() })),
  })
  .openapi("AssetImportOutcome");

/** Which sheet column a model path inside an asset comes from. */
function columnOf(path: readonly (string | number)[]): string | null {
  const [field, sub] = path;
  if (field === "name") return sub === "en" ? "name_en" : "name_ja";
  if (field === "importance") return sub === "reason" ? "importanceReason" : "importance";
  if (typeof field === "string" && (sheetColumns as readonly string[]).includes(field)) return field;
  return null;
}

export function inventoryRoutes(app: ApiApp) {
  app.openapi(
    route("site:edit", {
      method: "post",
      path: "/api/sites/{site}/asset-import",
      tags: ["assets"],
      summary:
        "Import an asset inventory sheet (rows already mapped to Mamori's columns): a dry run lists every problem by row and column; a real run is all or nothing",
      request: {
        params: siteParam,
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z
                .object({ dryRun: z.boolean().default(true), rows: z.array(Row).min(1).max(100_000) })
                .strict(),
            },
          },
        },
      },
      responses: {
        200: {
          description: "Dry run done, or imported",
          content: { "application/json": { schema: ImportOutcome } },
        },
        422: {
          description: "Not imported: the problems, by row and column",
          content: { "application/json": { schema: ImportOutcome } },
        },
      },
    }),
    async (c) => {
      const { site } = c.req.valid("param");
      const { dryRun, rows } = c.req.valid("json");
      const lang = c.get("lang");
      const { t, problem: sentence } = translator(lang);
      const { sites, analyses } = c.get("services");
      const snapshot = await sites.snapshot(site);
      const existing = new Map((snapshot.site.assets ?? []).map((a) => [a.id, a as Record<string, unknown>]));
      const sheetProblems: SheetProblem[] = [];
      const changes: EntityChange[] = [];
      const rowOfChange: number[] = [];
      const zoneMoves = new Map<string, string>();
      rows.forEach((row, index) => {
        const parsed = rowToAsset(row, index + 1);
        sheetProblems.push(...parsed.problems);
        const id = parsed.asset.id;
        if (id === undefined) return;
        // Cells the sheet leaves empty keep what the model holds.
        changes.push({
          collection: "assets",
          key: id,
          data: { ...(existing.get(id) ?? {}), ...parsed.asset },
        });
        rowOfChange.push(index + 1);
        if (parsed.zone) zoneMoves.set(id, parsed.zone);
      });
      // Zones follow the sheet's zone column: the asset leaves its old zone and joins the named one.
      const zones = new Map(
        (snapshot.site.zones ?? []).map((z) => [z.id, { ...z, assets: [...(z.assets ?? [])] }]),
      );
      const touchedZones = new Set<string>();
      for (const [asset, zoneId] of zoneMoves) {
        for (const zone of zones.values()) {
          if (zone.id !== zoneId && zone.assets.includes(asset)) {
            zone.assets = zone.assets.filter((a) => a !== asset);
            touchedZones.add(zone.id);
          }
        }
        const target = zones.get(zoneId);
        if (target && !target.assets.includes(asset)) {
          target.assets.push(asset);
          touchedZones.add(zoneId);
        }
        if (!target)
          sheetProblems.push({
            row: rowOfChange[changes.findIndex((ch) => ch.key === asset)] ?? 0,
            column: "zone",
            code: "required",
            value: zoneId,
          });
      }
      for (const zoneId of touchedZones) {
        const zone = zones.get(zoneId);
        if (zone)
          changes.push({
            collection: "zones",
            key: zoneId,
            data: zone as unknown as Record<string, unknown>,
          });
      }
      const rowProblems: z.infer<typeof RowProblem>[] = sheetProblems.map((p) => ({
        row: p.row,
        column: p.column,
        pointer: `/rows/${p.row - 1}/${p.column}`,
        code: p.code === "required" && p.column === "zone" ? "unknown-reference" : p.code,
        message: t(`import.${p.column === "zone" && p.code === "required" ? "unknownZone" : p.code}`, {
          value: p.value,
          column: p.column,
        }),
      }));
      let outcome = {
        created: 0,
        updated: 0,
        problems: [] as (Parameters<typeof sentence>[0] & { change?: number })[],
      };
      if (rowProblems.length === 0 || dryRun) {
        outcome = await sites.applyChanges(site, changes, requirePrincipal(c), {
          dryRun: dryRun || rowProblems.length > 0,
          action: "assets.import",
        });
      }
      const siteProblems: z.infer<typeof ImportOutcome>["siteProblems"] = [];
      for (const p of outcome.problems) {
        const row = p.change !== undefined ? rowOfChange[p.change] : undefined;
        if (row !== undefined && p.path[0] === "assets") {
          const inner = p.path.slice(2);
          rowProblems.push({
            row,
            column: columnOf(inner),
            pointer: `/rows/${row - 1}${jsonPointer(inner)}`,
            code: p.code,
            message: sentence(p),
          });
        } else {
          const [rendered] = renderProblems([p], lang);
          siteProblems.push({
            pointer: rendered?.pointer ?? jsonPointer(p.path),
            code: p.code,
            message: `${rendered?.message ?? p.code} (${dottedPath(p.path)})`,
          });
        }
      }
      rowProblems.sort((a, b) => a.row - b.row || String(a.column).localeCompare(String(b.column)));
      const failed = rowProblems.length > 0 || siteProblems.length > 0;
      const applied = !dryRun && !failed;
      if (applied) await analyses.request(site);
      const body = {
        dryRun,
        applied,
        rows: rows.length,
        created: outcome.created,
        updated: outcome.updated,
        problems: rowProblems,
        siteProblems,
      };
      return c.json(body, failed && !dryRun ? 422 : 200);
    },
  );

  app.openapi(
    route("site:export", {
      method: "get",
      path: "/api/sites/{site}/asset-export",
      tags: ["assets"],
      summary:
        "The asset inventory as a sheet (CSV for Excel, or JSON rows), in the columns the import reads",
      request: { params: siteParam, query: z.object({ format: z.enum(["csv", "json"]).default("csv") }) },
      responses: {
        200: {
          description: "The sheet",
          content: {
            "text/csv": { schema: z.string() },
            "application/json": { schema: z.object({ columns: z.array(z.string()), rows: z.array(Row) }) },
          },
        },
      },
    }),
    async (c) => {
      const { site } = c.req.valid("param");
      const snapshot = await c.get("services").sites.snapshot(site);
      const rows = siteToRows(snapshot.site);
      if (c.req.valid("query").format === "json") return c.json({ columns: [...sheetColumns], rows }, 200);
      c.header("content-disposition", `attachment; filename="${site}-assets.csv"`);
      return c.body(rowsToCsv(rows), 200, { "content-type": "text/csv; charset=utf-8" });
    },
  );
}

const Layout = z
  .object({
    positions: z.record(
      z.string().max(200),
      z.object({ x: z.number().finite(), y: z.number().finite() }).strict(),
    ),
    collapsed: z.array(z.string().max(200)).max(100_000),
  })
  .strict()
  .openapi("DiagramLayout");

export function layoutRoutes(app: ApiApp) {
  const Envelope = z.object({ data: Layout, revision: Revision });
  app.openapi(
    route("site:read", {
      method: "get",
      path: "/api/sites/{site}/layout",
      tags: ["diagram"],
      summary:
        "Where zones and assets were placed on the diagram, and which zones are collapsed (version 0: never saved)",
      request: { params: siteParam },
      responses: {
        200: { description: "The layout", content: { "application/json": { schema: Envelope } } },
      },
    }),
    async (c) => {
      const record = await readLayout(c.get("services").db, c.req.valid("param").site);
      c.header("etag", etag(record.revision.version));
      return c.json(record, 200);
    },
  );
  app.openapi(
    route("site:edit", {
      method: "put",
      path: "/api/sites/{site}/layout",
      tags: ["diagram"],
      summary: 'Save the diagram layout (If-Match with the version read; "0" for the first save)',
      request: {
        params: siteParam,
        body: { required: true, content: { "application/json": { schema: Layout } } },
      },
      responses: {
        200: { description: "Saved", content: { "application/json": { schema: Envelope } } },
        409: { description: "Saved by someone else meanwhile" },
        428: { description: "If-Match missing" },
      },
    }),
    async (c) => {
      const { db, clock } = c.get("services");
      const record = await writeLayout(
        db,
        c.req.valid("param").site,
        c.req.valid("json"),
        ifMatch(c),
        requirePrincipal(c),
        clock(),
      );
      c.header("etag", etag(record.revision.version));
      return c.json(record, 200);
    },
  );
}
