import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where the public data written by others lives (the METI seeds, ../shared/kb, ../shared/corpora): used to
 * derive the reference catalogues and by tests that compare our data with its source. Never shipped.
 * MAMORI_SHARED_DIR wins; otherwise the folder beside the repository; otherwise the workspace's copy.
 */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export function sharedDirectory(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const candidates = [env.MAMORI_SHARED_DIR, resolve(repoRoot, "../shared"), "/work/shared"];
  const found = candidates.find(
    (dir): dir is string => dir !== undefined && existsSync(resolve(dir, "seeds")),
  );
  if (!found) throw new Error(`the shared data folder (seeds, kb) was not found; set MAMORI_SHARED_DIR`);
  return found;
}
