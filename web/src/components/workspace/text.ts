import type { TFunction } from "i18next";
import { translator } from "../../../../src/i18n/index";
import type { Problem } from "../../../../src/model/problems";
import type { vocabularies } from "../../../../src/model/vocabulary";

/** i18next's typed `t` for keys built at run time (field names, vocabulary names). */
export function tr(t: TFunction, key: string, options?: Record<string, unknown>): string {
  return (t as unknown as (key: string, options?: Record<string, unknown>) => string)(key, options);
}

export function lang(language: string): "ja" | "en" {
  return language === "en" ? "en" : "ja";
}

/** A vocabulary value's label in the reader's language, from the model (so it never drifts). */
export function vocabularyLabel(
  vocabulary: keyof typeof vocabularies,
  key: string,
  language: string,
): string {
  return translator(lang(language)).label(vocabulary, key);
}

/** A model problem as the CLI writes it, in the reader's language. */
export function problemText(problem: Problem, language: string): string {
  return translator(lang(language)).problem(problem);
}

/** A field's label: `importance.level` → workspace.field.importance_level. */
export function fieldLabel(t: TFunction, path: string): string {
  return tr(t, `workspace.field.${path.replaceAll(".", "_")}`);
}
