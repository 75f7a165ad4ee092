import { Command, CommanderError, Option } from "commander";
import { riskLevels } from "../analysis/risks.js";
import { catalogueNames } from "../catalogues/schema.js";
import { isLanguage, type Language, languageFromEnvironment, translator } from "../i18n/index.js";
import { countermeasureAreas, externalKinds } from "../model/vocabulary.js";
import { jsonSchemaText } from "../schemas/json-schema.js";
import { advisoriesCommand } from "./advisories.js";
import { runAnalyze } from "./analyze.js";
import { runCatalogList, runCatalogShow } from "./catalog.js";
import { runGenerate } from "./generate.js";
import {
  CliExit,
  type CliIo,
  type CommandContext,
  type ExitCode,
  exitCodes,
  type OutputFormat,
} from "./io.js";
import { runSummary, runValidate } from "./validate.js";

/**
 * The `mamori` command line. `run` is the whole CLI as a function of argv and io, so tests call it
 * in-process; main.ts is the only place that touches the real process.
 */

export const version = "0.1.0";

const helpTitles: Record<Language, Record<string, string>> = {
  ja: {
    "Usage:": "使い方:",
    "Options:": "オプション:",
    "Commands:": "コマンド:",
    "Arguments:": "引数:",
    "Global Options:": "共通オプション:",
  },
  en: {},
};

/** --lang must be known before the help texts are built, so it is read ahead of commander. */
function languageOf(argv: readonly string[], io: CliIo): Language {
  const index = argv.findIndex((a) => a === "--lang" || a.startsWith("--lang="));
  const value =
    index < 0 ? undefined : argv[index]?.includes("=") ? argv[index]?.split("=")[1] : argv[index + 1];
  return isLanguage(value) ? value : languageFromEnvironment(io.env);
}

export function run(argv: readonly string[], io: CliIo): ExitCode | Promise<ExitCode> {
  const lang = languageOf(argv, io);
  const { t } = translator(lang);
  let exitCode: ExitCode = exitCodes.ok;
  // Server commands are asynchronous; the rest answer synchronously, as they always have.
  let pending: Promise<ExitCode> | undefined;
  const server = () => import("./server.js");
  const serverContext = { io, t };

  const program = new Command("mamori");
  const context = (options: { format?: OutputFormat; lang?: Language }): CommandContext => ({
    io,
    lang: options.lang ?? lang,
    format: options.format ?? "text",
  });
  const langOption = () => new Option("--lang <lang>", t("cli.options.lang")).choices(["ja", "en"]);
  const formatOption = () =>
    new Option("--format <format>", t("cli.options.format")).choices(["text", "json"]).default("text");

  program
    .description(t("cli.description"))
    .version(version, "-V, --version", t("cli.options.version"))
    .helpOption("-h, --help", t("cli.options.help"))
    .helpCommand(false)
    .addOption(langOption())
    .exitOverride()
    .configureHelp({ styleTitle: (title) => helpTitles[lang][title] ?? title })
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) =>
        write(`${t("cli.errors.usage", { message: text.replace(/^error: /, "").trim() })}\n`),
    });

  const command = (name: string, description: string) =>
    program
      .command(name)
      .description(description)
      .helpOption("-h, --help", t("cli.options.help"))
      .addOption(langOption())
      .exitOverride()
      .configureHelp({ styleTitle: (title) => helpTitles[lang][title] ?? title });

  command("validate", t("cli.validate.description"))
    .argument("<files...>")
    .addOption(formatOption())
    .option("--strict", t("cli.validate.strict"))
    .action((files: string[], options) => {
      exitCode = runValidate(context(options), files, options);
    });

  command("summary", t("cli.summary.description"))
    .argument("<files...>")
    .addOption(formatOption())
    .option("--strict", t("cli.validate.strict"))
    .action((files: string[], options) => {
      exitCode = runSummary(context(options), files, options);
    });

  command("analyze", t("cli.analyze.description"))
    .argument("<file>")
    .addOption(
      new Option("--format <format>", t("cli.options.format"))
        .choices(["text", "json", "md"])
        .default("text"),
    )
    .addOption(new Option("--fail-on <level>", t("cli.analyze.failOn")).choices([...riskLevels]))
    .option("--as-of <date>", t("cli.analyze.asOf"))
    .action((file: string, options) => {
      exitCode = runAnalyze(context({ lang: options.lang }), file, {
        format: options.format,
        failOn: options.failOn,
        ...(options.asOf ? { asOf: options.asOf } : {}),
      });
    });

  command("generate", t("cli.generate.description"))
    .requiredOption("--assets <n>", t("cli.generate.assets"))
    .option("--zones <n>", t("cli.generate.zones"))
    .option("--conduits <n>", t("cli.generate.conduits"))
    .option("--seed <n>", t("cli.generate.seed"), "1")
    .addOption(
      new Option("--format <format>", t("cli.options.format")).choices(["yaml", "json"]).default("yaml"),
    )
    .action((options) => {
      exitCode = runGenerate(context({ lang: options.lang }), options);
    });

  const catalog = command("catalog", t("cli.catalog.description"));
  catalog
    .command("list")
    .description(t("cli.catalog.list"))
    .helpOption("-h, --help", t("cli.options.help"))
    .addOption(langOption())
    .addOption(formatOption())
    .addOption(new Option("--catalogue <name>", t("cli.catalog.catalogue")).choices(catalogueNames))
    .addOption(new Option("--area <area>", t("cli.catalog.area")).choices(Object.keys(countermeasureAreas)))
    .addOption(new Option("--route <route>", t("cli.catalog.route")).choices(Object.keys(externalKinds)))
    .option("--search <text>", t("cli.catalog.search"))
    .exitOverride()
    .action((options) => {
      exitCode = runCatalogList(context(options), options);
    });
  catalog
    .command("show")
    .description(t("cli.catalog.show"))
    .argument("<id>")
    .helpOption("-h, --help", t("cli.options.help"))
    .addOption(langOption())
    .addOption(formatOption())
    .exitOverride()
    .action((id: string, options) => {
      exitCode = runCatalogShow(context(options), id);
    });

  const defer = (outcome: Promise<ExitCode>) => {
    pending = outcome;
  };
  advisoriesCommand({ command, langOption, formatOption, context, t, defer });

  command("schema", t("cli.schema.description"))
    .addOption(new Option("--kind <kind>").choices(["site", "product", "analysis"]).default("site"))
    .option("--write <dir>", t("cli.schema.write"))
    .action((options: { kind: "site" | "product" | "analysis"; write?: string }) => {
      if (options.write) {
        for (const kind of ["site", "product", "analysis"] as const) {
          const file = `${options.write.replace(/\/$/, "")}/${kind}.schema.json`;
          io.writeFile(file, jsonSchemaText(kind));
          io.stderr(`${t("cli.schema.written", { file })}\n`);
        }
      } else {
        io.stdout(jsonSchemaText(options.kind));
      }
    });

  const databaseOptions = (cmd: Command) =>
    cmd
      .option("--data <dir>", t("cli.server.data"))
      .option("--database-url <url>", t("cli.server.databaseUrl"));

  databaseOptions(command("serve", t("cli.server.serve")))
    .option("--port <port>", t("cli.server.port"))
    .option("--host <host>", t("cli.server.host"))
    .option("--demo", t("cli.server.demo"))
    .addOption(
      new Option("--log-level <level>").choices(["fatal", "error", "warn", "info", "debug", "silent"]),
    )
    .action((options) => {
      pending = server().then((m) => m.serveCommand(serverContext, options));
    });
  databaseOptions(command("migrate", t("cli.server.migrate"))).action((options) => {
    pending = server().then((m) => m.migrateCommand(serverContext, options));
  });
  databaseOptions(command("backup", t("cli.server.backup")))
    .argument("<file>")
    .action((file: string, options) => {
      pending = server().then((m) => m.backupCommand(serverContext, file, options));
    });
  databaseOptions(command("restore", t("cli.server.restore")))
    .argument("<file>")
    .option("--replace", t("cli.server.replace"))
    .action((file: string, options) => {
      pending = server().then((m) => m.restoreCommand(serverContext, file, options));
    });
  const user = command("user", t("cli.server.user"));
  databaseOptions(user.command("add").description(t("cli.server.userAdd")))
    .argument("<username>")
    .option("--admin", t("cli.server.admin"))
    .option("--display-name <name>", t("cli.server.displayName"))
    .action((username: string, options) => {
      pending = server().then((m) => m.userAddCommand(serverContext, username, options));
    });
  databaseOptions(user.command("reset-password").description(t("cli.server.userReset")))
    .argument("<username>")
    .action((username: string, options) => {
      pending = server().then((m) => m.userResetCommand(serverContext, username, options));
    });
  const vulnerabilities = () => import("./vulnerabilities.js");
  databaseOptions(command("vulns", t("cli.vulns.description")))
    .option("--site <id>", t("cli.vulns.site"))
    .option("--product <id>", t("cli.vulns.product"))
    .addOption(formatOption())
    .action((options) => {
      const chosen: Language = options.lang ?? lang;
      pending = vulnerabilities().then((m) =>
        m.vulnsCommand({ ...serverContext, t: translator(chosen).t }, { ...options, lang: chosen }),
      );
    });
  const sbom = command("sbom", t("cli.sbom.description"));
  databaseOptions(sbom.command("import").description(t("cli.sbom.import")))
    .argument("<file>")
    .option("--site <id>", t("cli.sbom.site"))
    .option("--asset <id>", t("cli.sbom.asset"))
    .option("--product <id>", t("cli.sbom.product"))
    .option("--vendor <name>", t("cli.sbom.vendor"))
    .option("--model <name>", t("cli.sbom.model"))
    .option("--firmware <version>", t("cli.sbom.firmware"))
    .action((file: string, options) => {
      pending = vulnerabilities().then((m) => m.sbomImportCommand(serverContext, file, options));
    });
  const audit = command("audit", t("cli.server.audit"));
  databaseOptions(audit.command("verify").description(t("cli.server.auditVerify"))).action((options) => {
    pending = server().then((m) => m.auditVerifyCommand(serverContext, options));
  });
  databaseOptions(audit.command("export").description(t("cli.server.auditExport")))
    .addOption(new Option("--format <format>").choices(["json", "csv"]).default("json"))
    .option("--output <file>", t("cli.server.output"))
    .action((options) => {
      pending = server().then((m) => m.auditExportCommand(serverContext, options));
    });

  try {
    program.parse(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CliExit) return error.code;
    if (error instanceof CommanderError) {
      const success = ["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code);
      return success ? exitCodes.ok : exitCodes.invalid;
    }
    throw error;
  }
  return pending ?? exitCode;
}
