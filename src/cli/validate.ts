import type { Catalogues } from "../catalogues/load.js";
import {
  phaseOrder,
  type ResolvedRoleMatrix,
  resolveRoleMatrix,
  stageOrder,
} from "../catalogues/role-matrix.js";
import { translator } from "../i18n/index.js";
import { textIn } from "../model/common.js";
import { type ProductSummary, type SiteSummary, summariseProduct, summariseSite } from "../model/summary.js";
import type { vocabularies } from "../model/vocabulary.js";
import {
  builtInCatalogues,
  type CheckedFile,
  checkFiles,
  counts,
  problemJson,
  problemLine,
} from "./documents.js";
import { CliExit, type CommandContext, type ExitCode, exitCodes } from "./io.js";

/** `mamori validate` and `mamori summary`: the same checks; summary adds the overview of each valid file. */

function requireCatalogues(context: CommandContext): Catalogues {
  const { catalogues, problems } = builtInCatalogues();
  if (!catalogues) {
    for (const p of problems) context.io.stderr(`${problemLine(context, `catalogues/${p.file}`, p)}\n`);
    throw new CliExit(exitCodes.invalid);
  }
  return catalogues;
}

function exitCodeFor(checked: readonly CheckedFile[], strict: boolean): ExitCode {
  const all = checked.flatMap((c) => c.result.problems);
  const { errors, warnings } = counts(all);
  if (errors > 0) return exitCodes.invalid;
  if (strict && warnings > 0) return exitCodes.findings;
  return exitCodes.ok;
}

export function runValidate(
  context: CommandContext,
  files: string[],
  options: { strict?: boolean },
): ExitCode {
  const checked = checkFiles(context, files, requireCatalogues(context));
  report(context, checked);
  return exitCodeFor(checked, options.strict ?? false);
}

export function runSummary(
  context: CommandContext,
  files: string[],
  options: { strict?: boolean },
): ExitCode {
  const catalogues = requireCatalogues(context);
  const checked = checkFiles(context, files, catalogues);
  const summaries = checked.map(({ result }): SiteSummaryWithRoles | ProductSummary | undefined => {
    if (!result.valid) return undefined;
    if (result.valid.kind === "product") return summariseProduct(result.valid.document);
    const roleMatrix = resolveRoleMatrix(result.valid.document, catalogues.oodaRoles);
    return { ...summariseSite(result.valid.document), roleMatrix };
  });
  if (context.format === "json") {
    context.io.stdout(
      `${JSON.stringify(
        checked.map(({ file, result }, index) => ({
          file,
          kind: result.kind ?? null,
          valid: result.valid !== undefined,
          problems: result.problems.map((p) => problemJson(context, p)),
          summary: summaries[index] ?? null,
        })),
        null,
        2,
      )}\n`,
    );
  } else {
    report(context, checked);
    for (const summary of summaries) {
      if (!summary) continue;
      if (summary.kind === "site") {
        context.io.stdout(siteText(context, summary));
        context.io.stdout(roleMatrixText(context, summary.roleMatrix));
      } else {
        context.io.stdout(productText(context, summary, catalogues));
      }
    }
  }
  return exitCodeFor(checked, options.strict ?? false);
}

function report(context: CommandContext, checked: readonly CheckedFile[]): void {
  const { t } = translator(context.lang);
  if (context.format === "json") {
    const out = checked.map(({ file, result }) => ({
      file,
      kind: result.kind ?? null,
      valid: result.valid !== undefined,
      ...counts(result.problems),
      problems: result.problems.map((p) => problemJson(context, p)),
    }));
    context.io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  for (const { file, result } of checked) {
    for (const p of result.problems) context.io.stdout(`${problemLine(context, file, p)}\n`);
    const { errors, warnings } = counts(result.problems);
    const kindLabel = result.kind ? t(`documentKind.${result.kind}`) : "";
    if (errors > 0) context.io.stdout(`${t("cli.validate.failed", { file, errors, warnings })}\n`);
    else if (warnings > 0)
      context.io.stdout(`${t("cli.validate.okWithWarnings", { file, warnings, kind: kindLabel })}\n`);
    else context.io.stdout(`${t("cli.validate.ok", { file, kind: kindLabel })}\n`);
  }
}

function table(rows: [string, string | number][], indent = "  "): string {
  const width = Math.max(...rows.map(([k]) => displayWidth(k)));
  return rows.map(([k, v]) => `${indent}${k}${" ".repeat(width - displayWidth(k))}  ${v}\n`).join("");
}

/** East Asian wide characters take two columns in a terminal. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text)
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        char,
      )
        ? 2
        : 1;
  return width;
}

type SiteSummaryWithRoles = SiteSummary & { roleMatrix: ResolvedRoleMatrix };

function siteText(context: CommandContext, s: SiteSummary): string {
  const { t, label, lang } = translator(context.lang);
  const joinCounts = (record: Record<string, number>, vocabulary: keyof typeof vocabularies) =>
    Object.entries(record)
      .map(([key, n]) => `${label(vocabulary, key)} ${n}`)
      .join(", ");
  let out = `\n${t("summary.title", { name: textIn(s.name, lang), kind: s.id })}\n`;
  out += table([
    [t("summary.requirements"), joinCounts(s.requirements, "requirementGroups") || 0],
    [t("summary.departments"), s.departments],
    [t("summary.organisations"), s.organisations],
    [
      t("summary.operations"),
      `${s.operations.total} (${t("summary.addedBySmartFactory")} ${s.operations.addedBySmartFactory})`,
    ],
    [
      t("summary.importance"),
      [...s.scales.importance]
        .sort((a, b) => b.value - a.value)
        .filter((level) => s.operations.byImportance[level.key])
        .map((level) => `${level.label[lang]} ${s.operations.byImportance[level.key]}`)
        .join(", "),
    ],
    [t("summary.assets"), `${s.assets.total} (${joinCounts(s.assets.byCategory, "assetCategories")})`],
    [t("summary.zones"), s.zones.length],
    [t("summary.externals"), joinCounts(s.externals, "externalKinds")],
    [t("summary.conduits"), s.conduits],
    [
      t("summary.countermeasures"),
      `${s.countermeasures.total} (${joinCounts(s.countermeasures.byStatus, "countermeasureStatuses")})`,
    ],
    [t("summary.roleMatrix"), s.ownRoleMatrix ? t("summary.roleMatrixOwn") : t("summary.roleMatrixDefault")],
  ]);
  out += `\n${t("summary.zones")}\n`;
  out += table(
    s.zones.map((z) => [
      `${z.id}  ${textIn(z.name, lang)}`,
      `${label("zoneTypes", z.type)} / ${s.scales.securityLevel.find((l) => l.key === z.securityLevel)?.label[lang] ?? "-"} / ${t("summary.assets")} ${z.assets}`,
    ]),
  );
  return out;
}

function roleMatrixText(context: CommandContext, matrix: ResolvedRoleMatrix): string {
  const { t, label, lang } = translator(context.lang);
  const separator = lang === "ja" ? "、" : ", ";
  let out = `\n${t("summary.roleMatrixHeading", { state: matrix.source === "site" ? t("summary.roleMatrixOwn") : t("summary.roleMatrixDefault") })}\n`;
  for (const phase of phaseOrder) {
    out += `  ${label("oodaPhases", phase)}\n`;
    for (const stage of stageOrder) {
      const cell = matrix.phases[phase][stage];
      const responsible = cell.responsible
        .map(
          (party) =>
            `${textIn(party.text, lang)}${party.ids.length > 0 ? ` [${party.ids.join(", ")}]` : ` [${t("summary.unassigned")}]`}`,
        )
        .join(separator);
      const deciders = cell.decisionMakers
        .map(
          (maker) =>
            `${textIn(maker.title, lang)}${maker.condition ? ` (${textIn(maker.condition, lang)})` : ""}`,
        )
        .join(separator);
      out += `    ${label("oodaStages", stage)}: ${t("summary.responsible")} ${responsible} / ${t("summary.decisionMakers")} ${deciders}\n`;
    }
  }
  return out;
}

function productText(context: CommandContext, s: ProductSummary, catalogues: Catalogues): string {
  const { t, lang } = translator(context.lang);
  const covered = catalogues.iotMeasures
    .map((m) => {
      const filled = m.productSections.filter((section) => s.filledSections.includes(section)).length;
      return `${m.number}:${filled}/${m.productSections.length}`;
    })
    .join(" ");
  let out = `\n${t("summary.title", { name: textIn(s.name, lang), kind: s.id })}\n`;
  out += table([
    [t("summary.product.components"), s.components],
    [t("summary.product.risks"), s.risks],
    [t("summary.product.interfaces"), s.interfaces],
    [t("summary.product.verification"), `${s.verification.done}/${s.verification.total}`],
    [t("summary.product.supportUntil"), s.supportUntil ?? "-"],
    [t("summary.product.contacts"), s.contacts.join(", ") || "-"],
    [t("summary.product.measures"), covered],
  ]);
  return out;
}
