import type { i18n as I18n, TFunction } from "i18next";
import { localText } from "../../text";
import { tr } from "../workspace/text";

/** Sentences and labels of the vulnerability pages that are built from codes at run time. */

/** A match reason (advisories/match.ts, site-matching.ts) as a sentence; an unknown code says what it is. */
export function reasonText(
  t: TFunction,
  i18n: I18n,
  reason: { code: string; params: Record<string, string> },
): string {
  const key = `vulnerabilities.reason.${reason.code}`;
  if (i18n.exists(key)) return tr(t, key, reason.params);
  const params = Object.entries(reason.params)
    .map(([name, value]) => `${name}: ${value}`)
    .join(", ");
  return tr(t, "vulnerabilities.reason.other", { code: reason.code, params });
}

export function dateTime(language: string, iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" }).format(date);
}

export function dateOnly(language: string, iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00` : iso);
  return Number.isNaN(date.getTime())
    ? iso
    : new Intl.DateTimeFormat(language, { dateStyle: "medium" }).format(date);
}

/** A role-matrix text or a model name ({ ja, en } or a string) in the reader's language. */
export function local(value: unknown, language: string, fallback = ""): string {
  return localText(value, language, fallback);
}

/** CVSS system as people write it: "CVSS v3.1". */
export function cvssName(system: string, version: string): string {
  const major = { cvss_v2: "2", cvss_v3: "3", cvss_v4: "4" }[system] ?? system;
  return `CVSS v${version || major}`;
}

/** Where a case came from: `advisory:<key>` (matching) or `vex:<format>` (someone's VEX), in words. */
export function sourceText(t: TFunction, source: string): string {
  if (source.startsWith("advisory:")) {
    const key = source.slice("advisory:".length);
    const hash = key.lastIndexOf("#");
    return tr(t, "vulnerabilities.case.sourceAdvisory", {
      id: hash >= 0 ? key.slice(hash + 1) : key.replace(/^osv:/, ""),
    });
  }
  if (source.startsWith("vex:"))
    return tr(t, "vulnerabilities.case.sourceVex", {
      format: source.slice(4) === "cyclonedx" ? "CycloneDX" : source.slice(4).toUpperCase(),
    });
  return source;
}
