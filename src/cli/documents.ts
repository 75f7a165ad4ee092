import { builtInCatalogues } from "../catalogues/files.js";
import { type Catalogues, countermeasureIds, type FileProblem } from "../catalogues/load.js";
import { translator } from "../i18n/index.js";
import { dottedPath, jsonPointer, type Problem } from "../model/problems.js";
import { type ValidationResult, validateText } from "../model/validate.js";
import type { CommandContext } from "./io.js";

/** Reading, validating and reporting documents: shared by validate and summary. */

export interface CheckedFile {
  file: string;
  result: ValidationResult;
}

export { builtInCatalogues };

export function checkFiles(
  context: CommandContext,
  files: readonly string[],
  catalogues?: Catalogues,
): CheckedFile[] {
  const options = catalogues ? { catalogueCountermeasures: countermeasureIds(catalogues) } : {};
  return files.map((file) => {
    let text: string;
    try {
      text = context.io.readFile(file);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      return {
        file,
        result: { problems: [{ severity: "error", code: "file-unreadable", path: [], params: { reason } }] },
      };
    }
    return { file, result: validateText(text, options) };
  });
}

export function problemLine(context: CommandContext, file: string, p: Problem): string {
  const { t, problem } = translator(context.lang);
  const where = p.location ? `${file}:${p.location.line}:${p.location.column}` : file;
  const path = p.path.length > 0 ? ` (${dottedPath(p.path)})` : "";
  return `${where}: ${t(`problem.severity.${p.severity}`)}: ${problem(p)}${path} [${p.code}]`;
}

export function problemJson(context: CommandContext, p: Problem | FileProblem) {
  return {
    severity: p.severity,
    code: p.code,
    message: translator(context.lang).problem(p),
    path: dottedPath(p.path),
    pointer: jsonPointer(p.path),
    ...(p.location ? { line: p.location.line, column: p.location.column } : {}),
    params: p.params,
  };
}

export function counts(problems: readonly Problem[]) {
  return {
    errors: problems.filter((p) => p.severity === "error").length,
    warnings: problems.filter((p) => p.severity === "warning").length,
  };
}
