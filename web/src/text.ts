import type { Language } from "./i18n/index";

/** A model text that may be bilingual ({ ja, en }) or a plain string, in the reader's language. */
export function localText(value: unknown, lang: string, fallback: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null) {
    const text = value as Partial<Record<Language, unknown>>;
    const preferred = lang === "en" ? [text.en, text.ja] : [text.ja, text.en];
    for (const candidate of preferred) if (typeof candidate === "string" && candidate) return candidate;
  }
  return fallback;
}
