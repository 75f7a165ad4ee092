import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deriveAttackAssets, deriveAttackMitigations, deriveAttackTechniques, deriveCsf } from "./derive.js";
import { repoRoot, sharedDirectory } from "./shared-data.js";

/**
 * Writes catalogues/reference/*.json from the public data in ../shared/kb (see ./shared-data.ts; or $MAMORI_KB_DIR).
 * Run: npx tsx src/catalogues/derive-main.ts
 */

export { repoRoot };

export function kbDir(): string {
  return process.env.MAMORI_KB_DIR ?? join(sharedDirectory(), "kb");
}

export const kbFiles = {
  attack: "mitre-attack-ics/ics-attack-18.1.json",
  csf: "nist-csf-2.0/NIST_CSF_v2.0_catalog-min.json",
} as const;

export const referenceDir = join(repoRoot, "catalogues/reference");

/** The derived files by name, as the text that is committed (2-space JSON with a trailing newline). */
export function deriveReferenceFiles(dir: string = kbDir()): Record<string, string> {
  const attack: unknown = JSON.parse(readFileSync(join(dir, kbFiles.attack), "utf8"));
  const csf: unknown = JSON.parse(readFileSync(join(dir, kbFiles.csf), "utf8"));
  const text = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  return {
    "attack-ics-techniques.json": text(deriveAttackTechniques(attack)),
    "attack-ics-mitigations.json": text(deriveAttackMitigations(attack)),
    "attack-ics-assets.json": text(deriveAttackAssets(attack)),
    "nist-csf-2.0.json": text(deriveCsf(csf)),
  };
}

function main(): void {
  const dir = kbDir();
  mkdirSync(referenceDir, { recursive: true });
  for (const [name, text] of Object.entries(deriveReferenceFiles(dir))) {
    writeFileSync(join(referenceDir, name), text);
    console.log(`wrote catalogues/reference/${name}`);
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
