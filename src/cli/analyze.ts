import { analyzeSite } from "../analysis/analyze.js";
import { type AnalysisReport, analysisReport } from "../analysis/report.js";
import { type RiskLevel, riskRank } from "../analysis/risks.js";
import { translator } from "../i18n/index.js";
import { builtInCatalogues, checkFiles, problemLine } from "./documents.js";
import { CliExit, type CommandContext, type ExitCode, exitCodes } from "./io.js";

/**
 * `mamori analyze FILE`: Steps 1-7 to 2-2 for one site. `--fail-on` turns it into a gate: exit 1 when a
 * risk at or above the level has no current treatment (untreated, or a treatment flagged for review or
 * still waiting for management's approval).
 */
export interface AnalyzeOptions {
  format: "text" | "json" | "md";
  failOn?: RiskLevel;
  /** YYYY-MM-DD; defaults to today. */
  asOf?: string;
}

const topRows = 10;

export function runAnalyze(context: CommandContext, file: string, options: AnalyzeOptions): ExitCode {
  const { catalogues, problems } = builtInCatalogues();
  if (!catalogues) {
    for (const p of problems) context.io.stderr(`${problemLine(context, `catalogues/${p.file}`, p)}\n`);
    throw new CliExit(exitCodes.invalid);
  }
  const [checked] = checkFiles(context, [file], catalogues);
  const valid = checked?.result.valid;
  if (!checked || !valid || valid.kind !== "site") {
    for (const p of checked?.result.problems ?? []) context.io.stderr(`${problemLine(context, file, p)}\n`);
    if (valid && valid.kind !== "site")
      context.io.stderr(`${translator(context.lang).t("cli.analyze.notASite", { file })}\n`);
    return exitCodes.invalid;
  }
  const asOf = options.asOf ?? context.io.today();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
    context.io.stderr(
      `${translator(context.lang).t("cli.errors.badOption", { option: "--as-of", value: asOf, allowed: "YYYY-MM-DD" })}\n`,
    );
    return exitCodes.invalid;
  }
  const analysis = analyzeSite(valid.document, catalogues, { asOf });
  const report = analysisReport(analysis, catalogues, context.lang);
  if (options.format === "json") context.io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else if (options.format === "md") context.io.stdout(markdown(context, report));
  else context.io.stdout(text(context, report));

  if (options.failOn) {
    const threshold = riskRank(options.failOn);
    const open = report.risks.filter(
      (r) => riskRank(r.level) >= threshold && r.treatment?.state !== "current",
    );
    if (open.length > 0) {
      context.io.stderr(
        `${translator(context.lang).t("cli.analyze.gateFailed", { count: open.length, level: options.failOn })}\n`,
      );
      return exitCodes.findings;
    }
  }
  return exitCodes.ok;
}

function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

/** A level key of the report's scales, by its label. */
function levelLabel(report: AnalysisReport, scale: string, key: string): string {
  return report.scales[scale]?.find((l) => l.key === key)?.label ?? key;
}

/** The easiest path of each target, easiest first: the view of "where would they come in". */
function easiestPaths(report: AnalysisReport, limit: number): AnalysisReport["attackPaths"] {
  const best = new Map<string, AnalysisReport["attackPaths"][number]>();
  for (const path of report.attackPaths) {
    const current = best.get(path.target);
    if (!current || path.score < current.score) best.set(path.target, path);
  }
  return [...best.values()].sort((a, b) => a.score - b.score || (a.id < b.id ? -1 : 1)).slice(0, limit);
}

function pathLine(path: AnalysisReport["attackPaths"][number]): string {
  return `[${path.score}] ${path.entry} → ${path.hops.map((h) => `${h.conduit} → ${h.to}`).join(" → ")} → ${path.target}`;
}

function text(context: CommandContext, report: AnalysisReport): string {
  const { t } = translator(context.lang);
  const levels = countBy(report.risks, (r) => r.level);
  let out = `${t("cli.analyze.title", { name: report.site.name })}\n`;
  out += `${t("cli.analyze.counts", {
    zones: report.zones.length,
    threats: report.threats.length,
    risks: report.risks.length,
    critical: levels.critical ?? 0,
    high: levels.high ?? 0,
    medium: levels.medium ?? 0,
    low: levels.low ?? 0,
  })}\n\n`;
  out += `${t("cli.analyze.zones")}\n`;
  for (const zone of report.zones) {
    out += `  ${zone.id}  ${zone.name}  ${t("cli.analyze.zoneLine", {
      importance: levelLabel(report, "importance", zone.importance),
      target: levelLabel(report, "securityLevel", zone.targetLevel),
      recommended: levelLabel(report, "securityLevel", zone.recommendedLevel),
      coverage: percent(zone.coverage.ratio),
      gaps: zone.gaps.length,
    })}\n`;
  }
  out += `\n${t("cli.analyze.paths", { count: report.attackPaths.length })}\n`;
  for (const path of easiestPaths(report, topRows)) out += `  ${pathLine(path)}\n`;
  out += `\n${t("cli.analyze.changes")}\n`;
  for (const change of report.recommendedChanges.slice(0, 5)) {
    out += `  ${change.conduit}: ${change.suggestion} ${t("cli.analyze.changeCounts", { paths: change.paths, targets: change.targets })}\n`;
  }
  out += `\n${t("cli.analyze.findings", { count: report.findings.length })}\n`;
  for (const finding of report.findings.slice(0, topRows)) {
    out += `  [${t(`cli.analyze.level.${finding.severity}`)}] ${finding.title} — ${finding.subject.id}\n`;
    out += `      ${finding.message}\n      → ${finding.fix}\n`;
  }
  out += `\n${t("cli.analyze.topRisks")}\n`;
  for (const risk of report.risks.slice(0, topRows)) {
    const treatment = risk.treatment
      ? `${risk.treatment.decision}/${risk.treatment.state}`
      : t("cli.analyze.untreated");
    out += `  [${t(`cli.analyze.level.${risk.level}`)}] ${risk.id}  ${levelLabel(report, "likelihood", risk.likelihood)} × ${levelLabel(report, "impact", risk.impact)}  (${treatment})\n`;
    out += `      ${risk.why.map((w) => w.text).join(" / ")}\n`;
  }
  if (report.orphanedTreatments.length > 0) {
    out += `\n${t("cli.analyze.orphaned", { ids: report.orphanedTreatments.join(", ") })}\n`;
  }
  return out;
}

function markdown(context: CommandContext, report: AnalysisReport): string {
  const { t, label } = translator(context.lang);
  const cell = (value: string | number) => String(value).replaceAll("|", "\\|").replaceAll("\n", " ");
  const lines: string[] = [`# ${t("cli.analyze.title", { name: cell(report.site.name) })}`, ""];
  lines.push(`## ${t("cli.analyze.md.zones")}`, "");
  lines.push(`| ${t("cli.analyze.md.zoneHeader")} |`, "| --- | --- | --- | --- | --- | --- |");
  for (const zone of report.zones) {
    lines.push(
      `| ${cell(zone.id)} | ${cell(zone.name)} | ${levelLabel(report, "importance", zone.importance)} | ${levelLabel(report, "securityLevel", zone.targetLevel)} (${levelLabel(report, "securityLevel", zone.recommendedLevel)}) | ${percent(zone.coverage.ratio)} | ${zone.gaps.length} |`,
    );
  }
  lines.push("", `## ${t("cli.analyze.md.policies")}`, "");
  for (const zone of report.zones) {
    lines.push(`### ${cell(zone.name)} (${zone.id})`, "", zone.policy[context.lang], "");
    lines.push(
      `- ${t("cli.analyze.md.importanceWhy")}: ${zone.importanceWhy.map((w) => w.text).join(" / ")}`,
      `- ${t("cli.analyze.md.recommendedWhy")}: ${zone.recommendedLevelWhy.map((w) => w.text).join(" / ")}`,
      `- ${t("cli.analyze.md.why")}: ${zone.targetLevelWhy.map((w) => w.text).join(" / ")}`,
      "",
    );
  }
  lines.push(`## ${t("cli.analyze.md.smartFactory")}`, "");
  lines.push(`| ${t("cli.analyze.md.smartFactoryHeader")} |`, "| --- | --- | --- | --- | --- | --- |");
  for (const row of report.smartFactoryTable) {
    lines.push(
      `| ${row.row} | ${cell(row.threatKind)} | ${cell(row.threat)} | ${row.areas.map((a) => label("countermeasureAreas", a)).join(", ")} | ${row.zoneThreats} | ${row.mitigations.implemented}/${row.mitigations.implemented + row.mitigations.planned + row.mitigations.missing} |`,
    );
  }
  lines.push("", `## ${t("cli.analyze.md.paths")}`, "");
  for (const path of easiestPaths(report, 20)) lines.push(`- ${cell(pathLine(path))}`);
  lines.push("", `### ${t("cli.analyze.changes")}`, "");
  for (const change of report.recommendedChanges) {
    lines.push(
      `- \`${cell(change.conduit)}\`: ${cell(change.suggestion)} ${t("cli.analyze.changeCounts", { paths: change.paths, targets: change.targets })}`,
    );
  }
  lines.push("", `## ${t("cli.analyze.md.findings")}`, "");
  for (const finding of report.findings) {
    lines.push(
      `- **[${t(`cli.analyze.level.${finding.severity}`)}] ${cell(finding.title)}** (${cell(finding.subject.kind)} \`${cell(finding.subject.id)}\`): ${cell(finding.message)}`,
      `  - ${t("cli.analyze.md.fix")}: ${cell(finding.fix)}`,
    );
  }
  lines.push("", `## ${t("cli.analyze.md.risks")}`, "");
  lines.push(`| ${t("cli.analyze.md.riskHeader")} |`, "| --- | --- | --- | --- | --- | --- |");
  for (const risk of report.risks) {
    lines.push(
      `| ${t(`cli.analyze.level.${risk.level}`)} | ${cell(risk.id)} | ${levelLabel(report, "likelihood", risk.inherent.likelihood)} × ${levelLabel(report, "impact", risk.inherent.impact)} | ${levelLabel(report, "likelihood", risk.likelihood)} × ${levelLabel(report, "impact", risk.impact)} | ${risk.treatment ? `${risk.treatment.decision} (${risk.treatment.state})` : "-"} | ${cell(risk.why.map((w) => w.text).join(" / "))} |`,
    );
  }
  lines.push("");
  return lines.join("\n");
}
