import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { stringify } from "yaml";
import { readOsv } from "../advisories/osv.js";
import { readSbom, sbomInventory } from "../advisories/sbom.js";
import { analyzeSite, createAnalyzer } from "../analysis/analyze.js";
import { analysisReport } from "../analysis/report.js";
import { readCatalogueTexts } from "../catalogues/files.js";
import { type Catalogues, loadCatalogues } from "../catalogues/load.js";
import { sharedDirectory } from "../catalogues/shared-data.js";
import { generateSite } from "../generate/site.js";
import type { Site } from "../model/site.js";
import { validateText, validateValue } from "../model/validate.js";
import { advisories } from "./advisories.js";

/**
 * `npm run bench`: figures for the large generated models. Prints, never asserts; budgets are named in
 * the issues and compared by people, so tests stay free of timing. Each section runs in its own process
 * (`node dist/bench/run.js <section>`) so that peak memory is the section's own.
 */

function time<T>(work: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = work();
  return { result, ms: performance.now() - start };
}

/**
 * Median of `runs` timings after `warmUp` runs: the steady state a long-running server sees once the JIT
 * has optimised the code, and one GC pause does not decide the figure. Cold figures are printed apart.
 */
function median(runs: number, work: () => unknown, warmUp = 3): number {
  for (let i = 0; i < warmUp; i++) work();
  const times = Array.from({ length: runs }, () => time(work).ms).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

function row(cells: (string | number)[]): string {
  return cells.map((c, i) => String(c).padStart(i === 0 ? 8 : 14)).join("");
}

const peakRssMb = () => (process.resourceUsage().maxRSS / 1024).toFixed(0);

function catalogues(): Catalogues {
  const loaded = time(() => loadCatalogues(readCatalogueTexts()));
  if (!loaded.result.catalogues) throw new Error("catalogues failed to load");
  console.log(
    `catalogues: ${loaded.result.catalogues.entries.size} items loaded and cross-checked in ${loaded.ms.toFixed(0)} ms`,
  );
  return loaded.result.catalogues;
}

function validation(): void {
  catalogues();
  const sizes = (process.env.MAMORI_BENCH_SIZES ?? "1000,10000,100000").split(",").map(Number);
  console.log(
    row([
      "assets",
      "generate ms",
      "yaml bytes",
      "stringify ms",
      "yaml val ms",
      "json val ms",
      "value ms",
      "problems",
    ]),
  );
  for (const assets of sizes) {
    const generated = time(() => generateSite({ assets, seed: 1 }));
    const text = time(() => stringify(generated.result, { lineWidth: 0 }));
    const fromText = time(() => validateText(text.result));
    const fromJson = time(() => validateText(JSON.stringify(generated.result)));
    const fromValue = time(() => validateValue(generated.result));
    console.log(
      row([
        assets,
        generated.ms.toFixed(0),
        text.result.length,
        text.ms.toFixed(0),
        fromText.ms.toFixed(0),
        fromJson.ms.toFixed(0),
        fromValue.ms.toFixed(0),
        fromText.result.problems.length,
      ]),
    );
  }
  console.log(`peak RSS ${peakRssMb()} MB`);
}

/** Issue 3's budgets: 10k/500/2k ≤ 300 ms; 100k/5k/20k ≤ 3 s and ≤ 1.5 GB; one edit ≤ 50 ms. */
function analysis(): void {
  const cat = catalogues();
  const shapes = (process.env.MAMORI_BENCH_SHAPES ?? "10000/500/2000,100000/5000/20000")
    .split(",")
    .map((s) => s.split("/").map(Number) as [number, number, number]);
  console.log(
    row([
      "assets",
      "zones",
      "conduits",
      "risks",
      "cold ms",
      "warm ms",
      "JSON.parse ms",
      "warm/parse",
      "peak MB",
      "report ms",
      "edit ms",
    ]),
  );
  for (const [assets, zones, conduits] of shapes) {
    const site = generateSite({ assets, zones, conduits, seed: 1 });
    const json = JSON.stringify(site);
    // Parsing the site's own JSON is the yardstick: the machine is shared and noisy, and the ratio of the
    // analysis to it moves far less between runs than either figure.
    const parse = median(5, () => JSON.parse(json));
    // The first run pays for the JIT (what a one-off CLI run sees); the median is the warm figure a server sees.
    const cold = time(() => analyzeSite(site, cat)).ms;
    const peak = peakRssMb();
    const full = median(5, () => analyzeSite(site, cat));
    const result = analyzeSite(site, cat);
    const report = median(1, () => analysisReport(result, cat, "ja"), 0);
    // One edit, as the server will see it: a new site object sharing every untouched part.
    const edited: Site = {
      ...site,
      assets: (site.assets ?? []).map((a, i) => (i === 0 ? { ...a, generalPurpose: !a.generalPurpose } : a)),
    };
    // The analyzer keeps the previous run; alternating between the two versions makes every run an edit.
    const analyzer = createAnalyzer(cat);
    analyzer(site);
    let flip = false;
    const edit = median(9, () => {
      flip = !flip;
      return analyzer(flip ? edited : site);
    });
    console.log(
      row([
        assets,
        zones,
        site.conduits?.length ?? 0,
        result.risks.length,
        cold.toFixed(0),
        full.toFixed(0),
        parse.toFixed(0),
        (full / parse).toFixed(1),
        peak,
        report.toFixed(0),
        edit.toFixed(0),
      ]),
    );
  }
  console.log(`peak RSS ${peakRssMb()} MB`);
}

/**
 * SBOM and OSV intake (issue 6): a 10,000-component CycloneDX JSON SBOM (the juice-shop example's 1,115
 * components copied with unique refs) read and normalised, beside JSON.parse of the same text (target
 * ≤ 300 ms); then the three OSV corpora of ../shared read, records/s.
 */
function sbom(): void {
  const corpora = join(sharedDirectory(), "corpora");
  const example = JSON.parse(
    readFileSync(join(corpora, "cyclonedx-bom-examples/SBOM/juice-shop/via_npm/flat/bom.1.4.json"), "utf8"),
  ) as { components: Record<string, unknown>[]; dependencies?: { ref: string; dependsOn?: string[] }[] };
  const components: Record<string, unknown>[] = [];
  const dependencies: { ref: string; dependsOn: string[] }[] = [];
  for (let copy = 0; components.length < 10_000; copy++)
    for (const c of example.components) {
      if (components.length === 10_000) break;
      components.push({ ...c, "bom-ref": `${String(c["bom-ref"])}#${copy}` });
      const d = example.dependencies?.find((x) => x.ref === c["bom-ref"]);
      if (d)
        dependencies.push({
          ref: `${d.ref}#${copy}`,
          dependsOn: (d.dependsOn ?? []).map((r) => `${r}#${copy}`),
        });
    }
  const text = JSON.stringify({ ...example, components, dependencies });
  const cold = time(() => readSbom(text));
  if (cold.result.problems.length)
    throw new Error(`the generated SBOM has problems: ${cold.result.problems[0]?.message}`);
  const parse = median(5, () => JSON.parse(text));
  const read = median(5, () => readSbom(text));
  const inventory = median(5, () => sbomInventory(cold.result.sbom as never));
  console.log(row(["comps", "MB", "JSON.parse ms", "cold ms", "read ms", "read/parse", "inventory ms"]));
  console.log(
    row([
      components.length,
      (text.length / 1e6).toFixed(1),
      parse.toFixed(0),
      cold.ms.toFixed(0),
      read.toFixed(0),
      (read / parse).toFixed(1),
      inventory.toFixed(0),
    ]),
  );
  console.log(`\n${row(["corpus", "records", "problems", "ms", "records/s"])}`);
  for (const [name, dir, ext] of [
    ["rustsec", "osv-rustsec/crates", ".json"],
    ["go", "osv-golang-vulndb/data/osv", ".json"],
    ["pypa", "osv-pypa-advisory-db/vulns", ".yaml"],
  ] as const) {
    const texts = readdirSync(join(corpora, dir), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(ext))
      .map((f) => readFileSync(join(corpora, dir, f), "utf8"));
    let problems = 0;
    const { ms } = time(() => {
      for (const t of texts) problems += readOsv(t).problems.length;
    });
    console.log(row([name, texts.length, problems, ms.toFixed(0), ((texts.length / ms) * 1000).toFixed(0)]));
  }
  console.log(`peak RSS ${peakRssMb()} MB`);
}

const sections: Record<string, () => void> = { validation, analysis, sbom, advisories };
const wanted = process.argv.slice(2);
console.log(`Mamori bench — node ${process.version}, ${new Date().toISOString()}`);
for (const name of wanted.length > 0 ? wanted : Object.keys(sections)) {
  const section = sections[name];
  if (!section) throw new Error(`unknown bench section '${name}' (${Object.keys(sections).join(", ")})`);
  console.log(`\n== ${name}`);
  section();
}
