import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { type CatalogueText, loadCatalogues } from "./load.js";

/** Node only: the catalogue files shipped with Mamori, read from catalogues/ at the package root. */
export const catalogueDirectory = fileURLToPath(new URL("../../catalogues/", import.meta.url));

export function readCatalogueTexts(directory: string = catalogueDirectory): CatalogueText[] {
  const texts: CatalogueText[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.(ya?ml|json)$/.test(entry.name)) {
        texts.push({ path: relative(directory, path), text: readFileSync(path, "utf8") });
      }
    }
  };
  visit(directory);
  return texts;
}

let loaded: ReturnType<typeof loadCatalogues> | undefined;

/** The built-in catalogues, read and cross-checked once per process. */
export function builtInCatalogues(): ReturnType<typeof loadCatalogues> {
  loaded ??= loadCatalogues(readCatalogueTexts());
  return loaded;
}
