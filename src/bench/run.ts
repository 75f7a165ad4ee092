import { performance } from "node:perf_hooks";
import { stringify } from "yaml";
import { readCatalogueTexts } from "../catalogues/files.js";
import { loadCatalogues } from "../catalogues/load.js";
import { generateSite } from "../generate/site.js";
import { validateText, validateValue } from "../model/validate.js";

/**
 * `npm run bench`: figures for the large generated models. Prints, never asserts; budgets are named in
 * the issues and compared by people, so tests stay free of timing.
 */

function time<T>(work: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = work();
  return { result, ms: performance.now() - start };
}

function row(cells: (string | number)[]): string {
  return cells.map((c, i) => String(c).padStart(i === 0 ? 0 : 12)).join("");
}

const sizes = (process.env.MAMORI_BENCH_SIZES ?? "1000,10000,100000").split(",").map(Number);
console.log(`Mamori bench — node ${process.version}, ${new Date().toISOString()}`);
const catalogues = time(() => loadCatalogues(readCatalogueTexts()));
console.log(
  `catalogues: ${catalogues.result.catalogues?.entries.size ?? 0} items loaded and cross-checked in ${catalogues.ms.toFixed(0)} ms`,
);
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
