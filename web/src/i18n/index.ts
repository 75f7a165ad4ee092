import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./en";
import { ja } from "./ja";

/** ja by default; the choice made with the language switch is remembered in localStorage. */
export const languages = ["ja", "en"] as const;
export type Language = (typeof languages)[number];

const storageKey = "mamori.lang";

function storedLanguage(): Language {
  try {
    return localStorage.getItem(storageKey) === "en" ? "en" : "ja";
  } catch {
    return "ja";
  }
}

function reflect(lang: string): void {
  document.documentElement.lang = lang;
  document.title = i18next.t("app.title");
}

export function setLanguage(lang: Language): void {
  try {
    localStorage.setItem(storageKey, lang);
  } catch {
    // Private windows may refuse storage; the switch still works for this page.
  }
  void i18next.changeLanguage(lang);
}

i18next.on("languageChanged", reflect);

await i18next.use(initReactI18next).init({
  resources: { ja: { translation: ja }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: "ja",
  interpolation: { escapeValue: false },
  // i18next otherwise prints an advertisement to the browser console on start.
  showSupportNotice: false,
});
reflect(i18next.language);

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: typeof ja };
  }
}
