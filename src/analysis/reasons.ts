import { type LocalizedText, textIn } from "../model/common.js";

/**
 * Why: every result of the analysis carries the facts that produced it, as values that i18n turns into
 * sentences ("高 because it serves 'press line control', importance 高"). A reason may rest on other
 * reasons, which makes the explanation chain the UI and reports unfold.
 */
export interface Reason {
  /** i18n key under `reason.` */
  code: string;
  params: ReasonParams;
  because?: Reason[];
}

/** Text people wrote (names, notes) travels in both languages; the renderer picks one. */
export type ReasonParam = string | number | readonly string[] | { readonly ja: string; readonly en: string };
export type ReasonParams = Record<string, ReasonParam>;

export function bilingual(text: LocalizedText | undefined): { ja: string; en: string } {
  return { ja: textIn(text, "ja"), en: textIn(text, "en") };
}

export function reason(code: string, params: ReasonParams = {}, because?: Reason[]): Reason {
  return because && because.length > 0 ? { code, params, because } : { code, params };
}

/**
 * The given reasons without the absent ones, in an array of exactly their number. Arrays grown by `push`,
 * `filter` or spreading an array keep room for 17 items: measured, 184 bytes instead of 64 for two
 * reasons, which over the 100k results of a large plant is tens of megabytes for the collector to copy.
 */
export function reasonList(...items: (Reason | undefined)[]): Reason[] {
  let count = 0;
  for (const item of items) if (item !== undefined) count += 1;
  const list = new Array<Reason>(count);
  let i = 0;
  for (const item of items) if (item !== undefined) list[i++] = item;
  return list;
}

/** A list that a result keeps, without the spare room `push` and `filter` leave (see reasonList). */
export function trimmed<T>(list: T[]): T[] {
  return list.length === 0 ? [] : list.slice();
}

/** What a result is about: the model entity it concerns. */
export interface Subject {
  kind: "site" | "zone" | "asset" | "conduit" | "external" | "operation" | "path" | "countermeasure";
  id: string;
}

/** A value derived by the analysis, with its explanation. */
export interface Derived<T> {
  value: T;
  reasons: Reason[];
}

/** Code-unit order: stable everywhere and far cheaper than localeCompare in hot sorts. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
