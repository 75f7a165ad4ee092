import { readdirSync } from "node:fs";
import { join } from "node:path";
import { unknownPropertyTest } from "../advisories/csaf-validate.js";
import { translator } from "../i18n/index.js";
import { readAdvisorySource } from "../intake/source.js";
import type { AdvisoryEntry } from "../store/vulnerabilities.js";
import { intakeProblemText, testLabel } from "./advisories.js";
import { type CommandContext, type ExitCode, exitCodes } from "./io.js";
import { type DatabaseFlags, withDatabase } from "./server.js";
import { storesOf } from "./vulnerabilities.js";

/**
 * `mamori advisories import`: what an air-gapped plant runs on the USB stick it was handed. Everything
 * the intake accepts is stored in one transaction; what it refuses is listed with its located problems
 * and makes the exit code 2, without holding back the rest. Every site and every product is then
 * matched again.
 */
const cli = { userId: "cli", username: "cli" };

function keysIn(dir: string, context: CommandContext): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".asc"))
    .sort()
    .map((f) => context.io.readFile(join(dir, f)));
}

export async function runAdvisoriesImport(
  context: CommandContext,
  location: string,
  flags: DatabaseFlags & { keys?: string; since?: string },
): Promise<ExitCode> {
  const { t } = translator(context.lang);
  return withDatabase({ io: context.io, t }, flags, async (db) => {
    const entries: AdvisoryEntry[] = [];
    let refused = 0;
    let total = 0;
    let lastShown = 0;
    const iterator = readAdvisorySource(location, {
      ...(flags.keys ? { keys: keysIn(flags.keys, context) } : {}),
      ...(flags.since ? { since: flags.since } : {}),
      onProgress: ({ done, total: all }) => {
        // A line every 250 documents: a long import shows it is alive without flooding a log.
        if (done - lastShown < 250 && done !== all) return;
        lastShown = done;
        context.io.stderr(`${t("intake.cli.import.progress", { done, total: all ? ` / ${all}` : "" })}\n`);
      },
    });
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const result = next.value;
      if (result.role !== "document") {
        for (const p of result.problems)
          context.io.stderr(`${result.location}: ${intakeProblemText(t, p)}\n`);
        continue;
      }
      total++;
      const undefinedProperties =
        result.format === "csaf" ? result.warnings.filter((w) => w.test === unknownPropertyTest) : [];
      if (!result.accepted || undefinedProperties.length) {
        refused++;
        context.io.stderr(`${t("intake.cli.import.refused", { location: result.location })}\n`);
        for (const p of [...result.problems, ...undefinedProperties])
          context.io.stderr(
            `  ${p.line === undefined ? "" : `${p.line}:${p.column ?? 1} `}[${testLabel(t, p.test)}] ${intakeProblemText(t, p)}${p.at ? ` (${p.at})` : ""}\n`,
          );
        continue;
      }
      if (result.format === "csaf")
        entries.push({
          format: "csaf",
          document: result.document,
          text: result.text,
          source: result.location,
        });
      else if (result.format === "osv" && result.osv)
        entries.push({ format: "osv", record: result.osv, text: result.text, source: result.location });
    }
    const { sites, vulnerabilities, products, productVulnerabilities } = storesOf(db);
    const outcomes = await vulnerabilities.importAdvisories(entries, cli);
    const count = (kind: string) => outcomes.filter((o) => o.outcome === kind).length;
    context.io.stdout(
      `${t("intake.cli.import.done", {
        total,
        accepted: entries.length,
        created: count("new"),
        updated: count("updated"),
        unchanged: count("unchanged"),
        older: count("older-revision-kept"),
        refused,
      })}\n`,
    );
    if (count("new") + count("updated") > 0) {
      for (const site of await sites.list()) {
        const matching = await vulnerabilities.rematch(site.id);
        context.io.stdout(`${t("intake.cli.import.matched", { ...matching, site: site.id })}\n`);
      }
      for (const product of await products.list()) {
        const matching = await productVulnerabilities.rematch(product.id);
        context.io.stdout(`${t("intake.cli.import.productMatched", matching)}\n`);
      }
    }
    return refused > 0 ? exitCodes.invalid : exitCodes.ok;
  });
}

export async function runReferenceImport(
  context: CommandContext,
  file: string,
  flags: DatabaseFlags,
): Promise<ExitCode> {
  const { t } = translator(context.lang);
  const text = context.io.readFile(file);
  const kind = /^\s*\{/.test(text) ? "kev" : /^(#[^\n]*\n)?\s*cve,epss/i.test(text) ? "epss" : undefined;
  if (!kind) {
    context.io.stderr(`${t("intake.cli.import.notReference", { file })}\n`);
    return exitCodes.invalid;
  }
  return withDatabase({ io: context.io, t }, flags, async (db) => {
    const { vulnerabilities } = storesOf(db);
    const outcome = await vulnerabilities.importReferenceText(kind, text, cli);
    context.io.stdout(`${t("intake.cli.import.reference", outcome)}\n`);
    return exitCodes.ok;
  });
}
