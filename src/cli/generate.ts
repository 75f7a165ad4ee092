import { stringify } from "yaml";
import { generateSite } from "../generate/site.js";
import { translator } from "../i18n/index.js";
import { type CommandContext, type ExitCode, exitCodes } from "./io.js";

/** `mamori generate`: a valid synthetic site on stdout. */
export function runGenerate(
  context: CommandContext,
  options: { assets: string; zones?: string; conduits?: string; seed: string; format: "yaml" | "json" },
): ExitCode {
  const { t } = translator(context.lang);
  const numbers = {
    assets: options.assets,
    zones: options.zones,
    conduits: options.conduits,
    seed: options.seed,
  };
  for (const [option, value] of Object.entries(numbers)) {
    if (value === undefined) continue;
    const n = Number(value);
    const limit = option === "assets" ? 1_000_000 : 100_000;
    if (!Number.isInteger(n) || n < (option === "seed" ? 0 : 1) || n > limit) {
      context.io.stderr(
        `${t("cli.errors.badOption", { option: `--${option}`, value, allowed: `1..${limit}` })}\n`,
      );
      return exitCodes.invalid;
    }
  }
  const site = generateSite({
    assets: Number(options.assets),
    ...(options.zones ? { zones: Number(options.zones) } : {}),
    ...(options.conduits ? { conduits: Number(options.conduits) } : {}),
    seed: Number(options.seed),
  });
  context.io.stdout(
    options.format === "json" ? `${JSON.stringify(site, null, 2)}\n` : stringify(site, { lineWidth: 0 }),
  );
  return exitCodes.ok;
}
