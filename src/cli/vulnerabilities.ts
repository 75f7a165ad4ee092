import { readSbom } from "../advisories/sbom.js";
import { builtInCatalogues } from "../catalogues/files.js";
import { countermeasureIds } from "../catalogues/load.js";
import type { Language } from "../i18n/index.js";
import { textIn } from "../model/common.js";
import type { Database } from "../store/database.js";
import { createProductVulnerabilityStore } from "../store/product-vulnerabilities.js";
import { createProductStore } from "../store/products.js";
import { createSiteStore } from "../store/sites.js";
import { createVulnerabilityStore } from "../store/vulnerabilities.js";
import { type ExitCode, exitCodes } from "./io.js";
import { type DatabaseFlags, type ServerCommandContext, withDatabase } from "./server.js";

/**
 * `mamori vulns` and `mamori sbom import`: the vulnerability work on the server's database, for plants
 * (and a manufacturer's PSIRT, for its products) that script it or have no browser on the machine.
 * Matching runs here as the server would run it.
 */
export function storesOf(db: Database) {
  const loaded = builtInCatalogues();
  if (!loaded.catalogues) throw new Error("the built-in catalogues do not load; run `mamori catalog list`");
  const clock = () => new Date();
  const validation = { catalogueCountermeasures: countermeasureIds(loaded.catalogues) };
  const sites = createSiteStore(db, { clock, validation });
  const products = createProductStore(db, { clock, validation });
  const vulnerabilities = createVulnerabilityStore(db, {
    clock,
    sites,
    oodaRoles: loaded.catalogues.oodaRoles,
  });
  return {
    sites,
    products,
    vulnerabilities,
    productVulnerabilities: createProductVulnerabilityStore(db, { clock, products, vulnerabilities }),
  };
}

const cli = { userId: "cli", username: "cli" };

export function vulnsCommand(
  context: ServerCommandContext,
  flags: DatabaseFlags & { site?: string; product?: string; format: "text" | "json"; lang: Language },
): Promise<ExitCode> {
  if (flags.site && flags.product) {
    context.io.stderr(`${context.t("cli.vulns.oneTarget")}\n`);
    return Promise.resolve(exitCodes.invalid);
  }
  if (flags.product) return productVulns(context, { ...flags, product: flags.product });
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

/** A product's vulnerabilities with the manufacturer's status, matched again first. */
function productVulns(
  context: ServerCommandContext,
  flags: DatabaseFlags & { product: string; format: "text" | "json"; lang: Language },
): Promise<ExitCode> {
  return withDatabase(context, flags, async (db) => {
    const { productVulnerabilities } = storesOf(db);
    const matching = await productVulnerabilities.rematch(flags.product);
    const listed = await productVulnerabilities.vulnerabilities(flags.product);
    const { t } = context;
    if (flags.format === "json") {
      context.io.stdout(`${JSON.stringify({ ...listed, toReview: matching.toReview }, null, 2)}\n`);
      return exitCodes.ok;
    }
    const product = flags.product;
    const open = listed.items.filter(
      (i) => i.vulnerability.status === "affected" || i.vulnerability.status === "under-investigation",
    );
    context.io.stdout(
      `${open.length ? t("cli.vulns.productHeading", { product, count: open.length }) : t("cli.vulns.productNone", { product })}\n`,
    );
    for (const item of listed.items)
      context.io.stdout(
        `${t("cli.vulns.productLine", {
          vulnerability: item.vulnerability.vulnerability,
          status: t(`vulnerabilities.state.${item.vulnerability.status}`),
          cvss: item.cvss ? String(item.cvss.baseScore) : "-",
          kev: item.kev ? " KEV" : "",
          components:
            item.components.map((c) => `${c.name}${c.version ? ` ${c.version}` : ""}`).join(", ") || "-",
        })}\n`,
      );
    if (matching.toReview)
      context.io.stdout(`${t("cli.vulns.productReview", { product, count: matching.toReview })}\n`);
    return exitCodes.ok;
  });
}

export function sbomImportCommand(
  context: ServerCommandContext,
  file: string,
  flags: DatabaseFlags & {
    site?: string;
    asset?: string;
    product?: string;
    vendor?: string;
    model?: string;
    firmware?: string;
  },
): Promise<ExitCode> {
  // Exactly one target: a product, an asset of a site, or a product model (vendor and model, maybe firmware).
  const given = (...names: (keyof typeof flags)[]) =>
    (["site", "asset", "product", "vendor", "model", "firmware"] as const).every(
      (name) => (flags[name] !== undefined) === names.includes(name),
    );
  const forProduct = given("product");
  const forAsset = given("site", "asset");
  const forModel = given("vendor", "model") || given("vendor", "model", "firmware");
  if (!forProduct && !forAsset && !forModel) {
    context.io.stderr(`${context.t("cli.sbom.target")}\n`);
    return Promise.resolve(exitCodes.invalid);
  }
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
    const { vulnerabilities, productVulnerabilities, sites } = storesOf(db);
    if (forModel) {
      const key = {
        vendor: flags.vendor as string,
        model: flags.model as string,
        version: flags.firmware ?? "",
      };
      const stored = await vulnerabilities.putModelSbom(key, reading.sbom, text, cli);
      // Any site may have assets of the model: every site is matched again.
      let assets = 0;
      for (const site of await sites.list()) {
        await vulnerabilities.rematch(site.id);
        assets += (await vulnerabilities.modelSbomsUsed(site.id)).filter(
          (u) => u.vendor === stored.vendor && u.model === stored.model && u.version === stored.version,
        ).length;
      }
      context.io.stdout(
        `${context.t(stored.version ? "cli.sbom.importedModelFirmware" : "cli.sbom.importedModel", { ...stored, assets })}\n`,
      );
      return exitCodes.ok;
    }
    if (flags.product !== undefined) {
      const stored = await productVulnerabilities.putSbom(flags.product, reading.sbom, text, cli);
      const matching = await productVulnerabilities.rematch(flags.product);
      context.io.stdout(
        `${context.t("cli.sbom.importedProduct", { ...stored, matches: matching.matches, opened: matching.opened })}\n`,
      );
      return exitCodes.ok;
    }
    const [site, asset] = [flags.site as string, flags.asset as string];
    const stored = await vulnerabilities.putSbom(site, asset, reading.sbom, text, cli);
    const matching = await vulnerabilities.rematch(site);
    context.io.stdout(
      `${context.t("cli.sbom.imported", {
        asset,
        format: stored.format,
        specVersion: stored.specVersion,
        components: stored.components,
        matches: (await vulnerabilities.matches(site, { asset })).length,
      })}\n`,
    );
    return matching ? exitCodes.ok : exitCodes.invalid;
  });
}
