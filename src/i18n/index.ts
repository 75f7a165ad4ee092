import i18next from "i18next";
import { findingMessages } from "../analysis/findings/messages.js";
import type { ReasonParam } from "../analysis/reasons.js";
import { defaultScales, type ScaleLevel, type ScaleName } from "../model/common.js";
import type { Problem } from "../model/problems.js";
import { type Label, vocabularies } from "../model/vocabulary.js";
import { en } from "./en.js";
import { ja } from "./ja.js";

/**
 * Every user-facing string goes through here. Messages live in ./ja.ts and ./en.ts (same keys, checked
 * by the type system); vocabulary labels come from the model's vocabularies so a value and its label
 * can never drift apart.
 */

export const languages = ["ja", "en"] as const;
export type Language = (typeof languages)[number];

export function isLanguage(value: unknown): value is Language {
  return value === "ja" || value === "en";
}

/** Language from the environment: MAMORI_LANG, then the POSIX locale variables; Japanese otherwise. */
export function languageFromEnvironment(env: Readonly<Record<string, string | undefined>>): Language {
  for (const name of ["MAMORI_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]) {
    const value = env[name]?.toLowerCase();
    if (!value) continue;
    if (value.startsWith("en")) return "en";
    if (value.startsWith("ja")) return "ja";
  }
  return "ja";
}

/**
 * A message by key with its parameters. Declared here rather than taken from i18next's TFunction, whose
 * type the web app narrows to its own keys (module augmentation) when it imports this module.
 */
export type TFunction = (key: string, options?: Record<string, unknown>) => string;

export interface Translator {
  lang: Language;
  t: TFunction;
  /** The label of a vocabulary value, or the value itself when unknown. */
  label(vocabulary: keyof typeof vocabularies, key: string): string;
  /** One problem as a sentence. */
  problem(problem: Problem): string;
  /**
   * A message as a plain function of its parameters, for text produced in bulk (a policy draft per zone
   * of a 5,000-zone site): looked up once, filled without i18next's per-call overhead.
   */
  template(key: string): (params: Record<string, string | number>) => string;
  /**
   * An analysis reason (a code under `reason.` with parameters) as a sentence. Parameters named after a
   * vocabulary or a scale are shown by their label; `scales` gives a site's own scale labels.
   */
  reason(
    reason: { code: string; params: Record<string, ReasonParam> },
    scales?: Partial<Record<ScaleName, readonly ScaleLevel[]>>,
  ): string;
}

const cache = new Map<Language, Translator>();

/** `{"finding.a.title": "…"}` → `{finding: {a: {title: "…"}}}`, the shape i18next resolves dotted keys in. */
function nest(flat: Readonly<Record<string, string>>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split(".");
    let node = root;
    for (const part of parts.slice(0, -1)) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts.at(-1) as string] = value;
  }
  return root;
}

export function translator(lang: Language): Translator {
  const cached = cache.get(lang);
  if (cached) return cached;
  const instance = i18next.createInstance();
  void instance.init({
    lng: lang,
    fallbackLng: "ja",
    resources: {
      ja: { translation: { ...ja, ...nest(findingMessages.ja) } },
      en: { translation: { ...en, ...nest(findingMessages.en) } },
    },
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    // i18next otherwise prints an advertisement to the console on first use.
    showSupportNotice: false,
  });
  const t = instance.t.bind(instance) as unknown as TFunction;
  const label = (vocabulary: keyof typeof vocabularies, key: string): string => {
    const entry = (vocabularies[vocabulary] as Record<string, Label>)[key];
    return entry ? entry[lang] : key;
  };
  const template = (key: string) => {
    const raw = t(key);
    return (params: Record<string, string | number>) =>
      raw.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ""));
  };
  // Analysis reasons come by the hundred thousand: each message is compiled once into a template.
  const reasonTemplates = new Map<string, (params: Record<string, string | number>) => string>();
  const reason: Translator["reason"] = ({ code, params }, scales) => {
    const scaleLabel = (scale: ScaleName, key: string) =>
      (scales?.[scale] ?? defaultScales[scale]).find((l) => l.key === key)?.label[lang] ?? key;
    const show = (name: string, value: string): string => {
      const vocabulary = reasonVocabularies[name];
      if (vocabulary) return label(vocabulary, value);
      const scale = reasonScales[name];
      return scale ? scaleLabel(scale, value) : value;
    };
    const flat: Record<string, string | number> = {};
    for (const [key, value] of Object.entries(params)) {
      if (typeof value === "number") flat[key] = value;
      else if (typeof value === "string") flat[key] = show(key, value);
      else if (Array.isArray(value))
        flat[key] = list(
          (value as readonly string[]).map((v) => show(key, v)),
          lang,
        );
      else flat[key] = (value as { ja: string; en: string })[lang];
    }
    let fill = reasonTemplates.get(code);
    if (!fill) {
      const key = code.includes(".") ? code : `reason.${code}`;
      // A missing message shows the code itself, which tests look for.
      fill = instance.exists(key) ? template(key) : () => code;
      reasonTemplates.set(code, fill);
    }
    return fill(flat);
  };
  const result: Translator = { lang, t, label, problem: (p) => renderProblem(p, t), template, reason };
  cache.set(lang, result);
  return result;
}

const maxListed = 12;

/** Reason parameters whose values are vocabulary keys or scale levels, shown by their label. */
const reasonVocabularies: Record<string, keyof typeof vocabularies> = {
  medium: "conduitMedia",
  direction: "conduitDirections",
  entry: "externalKinds",
  kinds: "externalKinds",
  zoneType: "zoneTypes",
  assetTypes: "assetTypes",
  protocols: "protocols",
  control: "controlTypes",
  aspects: "impactAspects",
};
const reasonScales: Record<string, ScaleName> = {
  importance: "importance",
  securityLevel: "securityLevel",
  likelihood: "likelihood",
  impact: "impact",
};

function list(values: readonly string[], lang: Language = "en"): string {
  const shown = values.slice(0, maxListed).join(lang === "ja" ? "、" : ", ");
  return values.length > maxListed ? `${shown}, … (+${values.length - maxListed})` : shown;
}

function renderProblem(p: Problem, t: TFunction): string {
  const params = p.params;
  const str = (key: string) => String(params[key] ?? "");
  const hint =
    typeof params.suggestion === "string" ? t("problem.hint", { suggestion: params.suggestion }) : "";
  const kinds = (key: string) => {
    const value = params[key];
    const names = (Array.isArray(value) ? value : [String(value ?? "")]).map((k) => t(`kind.${k}`));
    return names.join(` ${t("or")} `);
  };
  switch (p.code) {
    case "syntax": {
      const detail = str("detail");
      const known = t(`problem.syntaxReason.${detail}`, { defaultValue: "" });
      const reason = known || t("problem.syntaxReason.other", { message: str("message") });
      return t("problem.syntax", { reason });
    }
    case "enum":
    case "unknown-level":
      return t(`problem.${p.code}`, {
        ...params,
        scale: params.scale ? t(`problem.scale.${str("scale")}`) : "",
        allowed: list((params.allowed as readonly string[]) ?? []),
        hint,
      });
    case "format":
      return t("problem.format", {
        value: str("value"),
        format: t(`problem.formatName.${str("format")}`, { defaultValue: str("format") }),
      });
    case "too-small":
    case "too-big":
      return t(`problem.${p.code}.${str("origin")}`, {
        limit: params.limit,
        defaultValue: t(`problem.${p.code}.number`, { limit: params.limit }),
      });
    case "unknown-reference":
    case "wrong-kind-reference":
      return t(`problem.${p.code}`, { ...params, kinds: kinds("kinds"), actual: kinds("actual"), hint });
    case "cycle":
      return t("problem.cycle", { ids: ((params.ids as readonly string[]) ?? []).join(" → ") });
    case "unknown-key":
    case "unknown-kind":
    case "unknown-catalogue-item":
      return t(`problem.${p.code}`, { ...params, hint });
    default:
      return t(`problem.${p.code}`, { ...params });
  }
}
