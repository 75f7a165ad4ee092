import { readSbom } from "../advisories/sbom.js";
import { builtInCatalogues } from "../catalogues/files.js";
import { countermeasureIds } from "../catalogues/load.js";
import type { Language } from "../i18n/index.js";
import { textIn } from "../model/common.js";
import type { Database } from "../store/database.js";
import { createSiteStore } from "../store/sites.js";
import { createVulnerabilityStore } from "../store/vulnerabilities.js";
import { type ExitCode, exitCodes } from "./io.js";
import { type DatabaseFlags, type ServerCommandContext, withDatabase } from "./server.js";

/**
 * `mamori vulns` and `mamori sbom import`: the vulnerability work on the server's database, for plants
 * that script it or have no browser on the machine. Matching runs here as the server would run it.
 */
export function storesOf(db: Database) {
  const loaded = builtInCatalogues();
  if (!loaded.catalogues) throw new Error("the built-in catalogues do not load; run `mamori catalog list`");
  const clock = () => new Date();
  const sites = createSiteStore(db, {
    clock,
    validation: { catalogueCountermeasures: countermeasureIds(loaded.catalogues) },
  });
  return {
    sites,
    vulnerabilities: createVulnerabilityStore(db, { clock, sites, oodaRoles: loaded.catalogues.oodaRoles }),
  };
}

const cli = { userId: "cli", username: "cli" };

export function vulnsCommand(
  context: ServerCommandContext,
  flags: DatabaseFlags & { site?: string; format: "text" | "json"; lang: Language },
): Promise<ExitCode> {
  return withDatabase(context, flags, async (db) => {
    const { sites, vulnerabilities } = storesOf(db);
    const ids = flags.site ? [flags.site] : (await sites.list()).map((s) => s.id);
    const all: Record<string, unknown> = {};
    for (const site of ids) {
      const matching = await vulnerabilities.rematch(site);
      const ranked = await vulnerabilities.ranked(site, flags.lang);
      all[site] = { ...ranked, toReview: matching.toReview };
      if (flags.format === "json") continue;
      const { t } = context;
      const open = ranked.items.filter((r) => r.case.stage !== "closed");
      context.io.stdout(
        `${open.length ? t("cli.vulns.heading", { site, count: open.length }) : t("cli.vulns.none", { site })}\n`,
      );
      for (const item of open) {
        context.io.stdout(
          `${t("cli.vulns.line", {
            band: t(`vulnerabilities.band.${item.priority.band}`),
            score: String(item.priority.score),
            vulnerability: item.case.vulnerability,
            asset: `${textIn(item.asset.name as never, flags.lang)} (${item.case.asset})`,
            stage: t(`vulnerabilities.ooda.${item.case.stage}`),
            status: t(`vulnerabilities.state.${item.case.status}`),
          })}\n`,
        );
        for (const reason of item.priority.reasons.slice(0, 4)) context.io.stdout(`    - ${reason.text}\n`);
      }
      if (matching.toReview)
        context.io.stdout(`${t("cli.vulns.review", { site, count: matching.toReview })}\n`);
    }
    if (flags.format === "json")
      context.io.stdout(`${JSON.stringify(flags.site ? all[flags.site] : all, null, 2)}\n`);
    return exitCodes.ok;
  });
}

export function sbomImportCommand(
  context: ServerCommandContext,
  file: string,
  flags: DatabaseFlags & { site: string; asset: string },
): Promise<ExitCode> {
  return withDatabase(context, flags, async (db) => {
    const text = context.io.readFile(file);
    const reading = readSbom(text);
    if (!reading.sbom || reading.problems.length) {
      for (const p of reading.problems)
        context.io.stderr(
          `${context.t("cli.sbom.problem", { file, where: "pointer" in p.at ? p.at.pointer || "/" : `${p.at.line}`, message: `${p.code}: ${p.message}` })}\n`,
        );
      return exitCodes.invalid;
    }
    const { vulnerabilities } = storesOf(db);
    const stored = await vulnerabilities.putSbom(flags.site, flags.asset, reading.sbom, text, cli);
    const matching = await vulnerabilities.rematch(flags.site);
    context.io.stdout(
      `${context.t("cli.sbom.imported", {
        asset: flags.asset,
        format: stored.format,
        specVersion: stored.specVersion,
        components: stored.components,
        matches: (await vulnerabilities.matches(flags.site, { asset: flags.asset })).length,
      })}\n`,
    );
    return matching ? exitCodes.ok : exitCodes.invalid;
  });
}
