import type { Command, Option } from "commander";
import { type Language, type TFunction, translator } from "../i18n/index.js";
import {
  type AdvisoryFormat,
  examineAdvisoryText,
  type IntakeProblem,
  syntaxOf,
} from "../intake/document.js";
import type { CommandContext, ExitCode, OutputFormat } from "./io.js";
import { exitCodes } from "./io.js";

/**
 * `mamori advisories …`: vulnerability information. `advisoriesCommand` builds the group from what
 * program.ts shares with every command; a new subcommand is one more `advisoriesSubcommand(…)` in it.
 */

export interface AdvisoriesSetup {
  /** A top-level command with the CLI's help, language option and error handling (program.ts's). */
  command(name: string, description: string): Command;
  langOption(): Option;
  formatOption(): Option;
  context(options: { format?: OutputFormat; lang?: Language }): CommandContext;
  t: TFunction;
  /** Hands an asynchronous command's exit code to run(). */
  defer(outcome: Promise<ExitCode>): void;
}

export function advisoriesSubcommand(
  setup: AdvisoriesSetup,
  group: Command,
  name: string,
  description: string,
) {
  return group
    .command(name)
    .description(description)
    .helpOption("-h, --help", setup.t("cli.options.help"))
    .addOption(setup.langOption())
    .exitOverride();
}

export function advisoriesCommand(setup: AdvisoriesSetup): Command {
  const group = setup.command("advisories", setup.t("intake.cli.description"));
  advisoriesSubcommand(setup, group, "validate", setup.t("intake.cli.validate.description"))
    .argument("<files...>")
    .addOption(setup.formatOption())
    .action((files: string[], options: { format?: OutputFormat; lang?: Language }) => {
      setup.defer(runAdvisoriesValidate(setup.context(options), files));
    });
  advisoriesSubcommand(setup, group, "import", setup.t("intake.cli.import.description"))
    .argument("<location>")
    .option("--keys <dir>", setup.t("intake.cli.import.keys"))
    .option("--since <time>", setup.t("intake.cli.import.since"))
    .option("--data <dir>", setup.t("cli.server.data"))
    .option("--database-url <url>", setup.t("cli.server.databaseUrl"))
    .action(
      (
        location: string,
        options: { lang?: Language; keys?: string; since?: string; data?: string; databaseUrl?: string },
      ) => {
        setup.defer(
          import("./advisories-import.js").then((m) =>
            m.runAdvisoriesImport(setup.context(options), location, options),
          ),
        );
      },
    );
  advisoriesSubcommand(setup, group, "reference", setup.t("intake.cli.import.referenceDescription"))
    .argument("<file>")
    .option("--data <dir>", setup.t("cli.server.data"))
    .option("--database-url <url>", setup.t("cli.server.databaseUrl"))
    .action((file: string, options: { lang?: Language; data?: string; databaseUrl?: string }) => {
      setup.defer(
        import("./advisories-import.js").then((m) =>
          m.runReferenceImport(setup.context(options), file, options),
        ),
      );
    });
  return group;
}

interface CheckedAdvisory {
  readonly file: string;
  readonly format: AdvisoryFormat;
  readonly problems: readonly IntakeProblem[];
  readonly warnings: readonly IntakeProblem[];
}

export async function runAdvisoriesValidate(
  context: CommandContext,
  files: readonly string[],
): Promise<ExitCode> {
  const checked: CheckedAdvisory[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = context.io.readFile(file);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      checked.push({
        file,
        format: "unknown",
        problems: [
          {
            test: "intake",
            at: "",
            code: "unreadable",
            params: { reason },
            message: `cannot be read: ${reason}`,
          },
        ],
        warnings: [],
      });
      continue;
    }
    const examined = await examineAdvisoryText(text, syntaxOf(file));
    checked.push({ file, format: examined.format, problems: examined.problems, warnings: examined.warnings });
  }
  report(context, checked);
  return checked.some((c) => c.problems.length > 0 || c.format === "unknown")
    ? exitCodes.invalid
    : exitCodes.ok;
}

/** The name of the test a problem comes from, in the user's language. */
export function testLabel(t: TFunction, test: string): string {
  if (/^6\.1\./.test(test)) return t("intake.test.mandatory", { id: test });
  if (/^6\.[23]\./.test(test)) return t("intake.test.optional", { id: test });
  return t(`intake.test.${test}`, { defaultValue: test });
}

/**
 * One problem as a sentence: Mamori's own by its code, in the user's language; the validator library's
 * (and the OSV reader's) in their English words, which have no codes to translate.
 */
export function intakeProblemText(t: TFunction, p: IntakeProblem): string {
  if (!p.code) return p.message;
  if (p.code === "syntax" && p.test === "json")
    return t("intake.problem.syntax", {
      reason: t(`intake.problem.syntaxReason.${p.params?.reason ?? ""}`, { defaultValue: p.message }),
    });
  if (p.code === "syntax") {
    // YAML errors carry the parser's code, which the site validator's messages already say in both languages.
    const detail = String(p.params?.detail ?? "");
    const known = detail ? t(`problem.syntaxReason.${detail}`, { defaultValue: "" }) : "";
    return t("intake.problem.syntax", { reason: known || String(p.params?.message ?? p.message) });
  }
  if (p.code === "listing") return `${t("intake.problem.listing")}: ${p.message}`;
  return t(`intake.problem.${p.code}`, { ...p.params, defaultValue: p.message });
}

function problemLine(
  context: CommandContext,
  file: string,
  p: IntakeProblem,
  severity: "error" | "warning",
): string {
  const { t } = translator(context.lang);
  const where = p.line === undefined ? file : `${file}:${p.line}:${p.column ?? 1}`;
  const pointer = p.at === "" ? "" : ` (${p.at})`;
  return `${where}: ${t(`problem.severity.${severity}`)}: [${testLabel(t, p.test)}] ${intakeProblemText(t, p)}${pointer}`;
}

function problemJson(context: CommandContext, p: IntakeProblem, severity: "error" | "warning") {
  const { t } = translator(context.lang);
  return {
    severity,
    test: p.test,
    pointer: p.at,
    ...(p.line === undefined ? {} : { line: p.line, column: p.column ?? 1 }),
    ...(p.code ? { code: p.code } : {}),
    message: intakeProblemText(t, p),
    ...(p.code ? {} : { detail: p.message }),
  };
}

function report(context: CommandContext, checked: readonly CheckedAdvisory[]): void {
  const { t } = translator(context.lang);
  if (context.format === "json") {
    const out = checked.map((c) => ({
      file: c.file,
      format: c.format,
      valid: c.problems.length === 0 && c.format !== "unknown",
      errors: c.problems.length,
      warnings: c.warnings.length,
      problems: [
        ...c.problems.map((p) => problemJson(context, p, "error")),
        ...c.warnings.map((p) => problemJson(context, p, "warning")),
      ],
    }));
    context.io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  for (const c of checked) {
    for (const p of c.problems) context.io.stdout(`${problemLine(context, c.file, p, "error")}\n`);
    for (const p of c.warnings) context.io.stdout(`${problemLine(context, c.file, p, "warning")}\n`);
    const format = t(`intake.format.${c.format}`);
    const counts = { file: c.file, errors: c.problems.length, warnings: c.warnings.length, format };
    if (c.problems.length > 0 || c.format === "unknown")
      context.io.stdout(`${t("intake.cli.validate.failed", counts)}\n`);
    else if (c.warnings.length > 0) context.io.stdout(`${t("intake.cli.validate.okWithWarnings", counts)}\n`);
    else context.io.stdout(`${t("intake.cli.validate.ok", counts)}\n`);
  }
}
