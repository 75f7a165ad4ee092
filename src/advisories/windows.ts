import * as rruleModule from "rrule";
import { z } from "zod";

/**
 * Maintenance windows (issue 6): when a plant may touch its equipment, so that a patch plan respects
 * production ("the factory manager gets the task for the next maintenance window"). Pure: no clock (the
 * dates are passed in), no environment; windows are checked with located problems, never thrown.
 *
 * A window starts at a wall-clock time in its IANA time zone (Asia/Tokyo unless said otherwise) and may
 * recur by an RFC 5545 RRULE, evaluated by the `rrule` package on wall-clock time as RFC 5545 does for a
 * DTSTART with a TZID: "every Sunday 22:00" stays 22:00 across daylight-saving changes. Each occurrence
 * lasts `durationMinutes` of elapsed time. A wall time that does not exist (the hour skipped in spring)
 * is read with the offset before the gap, and an ambiguous one (the hour repeated in autumn) as the
 * first of the two, as RFC 5545 (3.3.5) says.
 *
 * Which RRULEs are accepted, and why:
 * - FREQ DAILY, WEEKLY, MONTHLY or YEARLY. A plant's windows are shifts, weekends, monthly stops and the
 *   holidays (GW, お盆, 年末年始); the time of day comes from `start`, so BYHOUR, BYMINUTE and BYSECOND
 *   (several windows a day) are refused: write one window per time of day.
 * - BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS, INTERVAL, COUNT, UNTIL, WKST, strictly as RFC 5545 writes them
 *   (rrule's own parser accepts `BYDAY=XX`, `COUNT=x` and `INTERVAL=0` silently). BYYEARDAY and BYWEEKNO
 *   are refused (no plant calendar needs them; BYMONTH and BYMONTHDAY say the same more plainly), and so
 *   is a BYDAY list mixing plain and numbered weekdays (`MO,2TU`), which implementations read differently.
 * - The rule must occur at least once in a full 400-year Gregorian cycle. rrule searches a rule that
 *   never occurs up to the year 9999 (measured: 33 s for FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30), so such a
 *   rule is refused here rather than handed to it; `ruleOccurrences` is the check, and a property test
 *   holds it equal to rrule on the rules accepted.
 */

// rrule 2.8 is CommonJS without "exports": Node sees only its default export, bundlers its ES build.
const rrule = (
  "RRule" in rruleModule ? rruleModule : (rruleModule as { default: unknown }).default
) as typeof rruleModule;
const { RRule } = rrule;

export interface MaintenanceWindow {
  readonly id: string;
  readonly name: string;
  /** ISO 8601: a wall-clock time in `timeZone` (`2025-06-01T22:00`), or an instant with `Z` or an offset. */
  readonly start: string;
  readonly durationMinutes: number;
  /** RFC 5545 RRULE value, with or without the `RRULE:` prefix; none = a single window. */
  readonly rrule?: string;
  /** IANA time zone; default Asia/Tokyo. */
  readonly timeZone?: string;
  /** The zones it applies to; absent or empty = the whole site. */
  readonly zones?: readonly string[];
}

export const defaultTimeZone = "Asia/Tokyo";

export interface WindowProblem {
  readonly code: string;
  readonly message: string;
  /** JSON pointer into the list of windows read. */
  readonly at: { readonly pointer: string };
}

/** One occurrence of a window. */
export interface WindowOccurrence {
  readonly window: string;
  readonly name: string;
  readonly start: Date;
  readonly end: Date;
  /** The start as wall-clock time with its offset in the window's time zone, e.g. 2025-06-01T22:00:00+09:00. */
  readonly localStart: string;
  readonly timeZone: string;
  /** The zones the window applies to (empty = the whole site). */
  readonly zones: readonly string[];
}

// ---------------------------------------------------------------------------------------------------------
// Time zones: wall clock ↔ instant, with Intl (pure: no clock, no environment)

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat | undefined {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
    } catch {
      return undefined;
    }
    formatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(timeZone: string): boolean {
  return timeZone.trim() !== "" && formatter(timeZone) !== undefined;
}

/** The wall clock in the zone at an instant, as a "floating" Date whose UTC fields are the wall fields. */
function wallAt(instant: number, timeZone: string): number {
  const parts = (formatter(timeZone) as Intl.DateTimeFormat).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
}

const offsetAt = (instant: number, timeZone: string) =>
  wallAt(instant, timeZone) - Math.floor(instant / 1000) * 1000;

/** The instant a floating wall time names in the zone (gaps: offset before; overlaps: the first). */
function instantOf(wall: number, timeZone: string): number {
  const day = 86_400_000;
  const before = offsetAt(wall - day, timeZone);
  const after = offsetAt(wall + day, timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((instant) => wallAt(instant, timeZone) === wall)
    .sort((a, b) => a - b);
  return candidates[0] ?? wall - before;
}

function localIso(instant: number, timeZone: string): string {
  const wall = wallAt(instant, timeZone);
  const offset = Math.round((wall - Math.floor(instant / 1000) * 1000) / 60_000);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${new Date(wall).toISOString().slice(0, 19)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const startPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$/;

/** The start as a floating wall time in the zone, or undefined when it is not a date-time. */
function floatingStart(start: string, timeZone: string): number | undefined {
  const m = startPattern.exec(start);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(wall);
  if (
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d ||
    h > 23 ||
    mi > 59 ||
    s > 59
  )
    return undefined;
  const zone = m[7];
  if (zone === undefined) return wall;
  const offset =
    zone === "Z"
      ? 0
      : (zone.startsWith("-") ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return wallAt(wall - offset * 60_000, timeZone);
}

// ---------------------------------------------------------------------------------------------------------
// RRULE: strict reading (RFC 5545 3.3.10) into rrule options

const frequencies = {
  DAILY: RRule.DAILY,
  WEEKLY: RRule.WEEKLY,
  MONTHLY: RRule.MONTHLY,
  YEARLY: RRule.YEARLY,
} as const;
type Frequency = keyof typeof frequencies;
const weekdays = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;

/** What the rule says, read; weekdays 0 = Monday as rrule counts them. */
export interface WindowRule {
  readonly freq: Frequency;
  readonly interval: number;
  readonly count?: number;
  /** A UTC instant, or a local date (the whole day counts) */
  readonly until?: { readonly instant: number } | { readonly date: number };
  readonly byday: readonly { readonly weekday: number; readonly n?: number }[];
  readonly bymonthday: readonly number[];
  readonly bymonth: readonly number[];
  readonly bysetpos: readonly number[];
  readonly wkst: number;
}

type RuleReading = { ok: true; rule: WindowRule } | { ok: false; code: string; message: string };

const integerList = (value: string, min: number, max: number, signed: boolean): number[] | undefined => {
  const items = value.split(",");
  const out: number[] = [];
  for (const item of items) {
    if (!(signed ? /^[+-]?\d{1,3}$/ : /^\d{1,2}$/).test(item)) return undefined;
    const n = Number(item);
    if (Math.abs(n) < min || Math.abs(n) > max || (!signed && n < 0)) return undefined;
    out.push(n);
  }
  return out;
};

export function readRule(text: string): RuleReading {
  const fail = (code: string, message: string): RuleReading => ({ ok: false, code, message });
  const body = text.trim().replace(/^RRULE:/i, "");
  if (body === "") return fail("rrule-empty", "the RRULE is empty");
  const parts = new Map<string, string>();
  for (const part of body.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) return fail("rrule-syntax", `"${part}" is not NAME=VALUE`);
    const name = part.slice(0, eq).toUpperCase();
    const value = part.slice(eq + 1).toUpperCase();
    if (parts.has(name)) return fail("rrule-syntax", `${name} is given twice`);
    if (value === "") return fail("rrule-syntax", `${name} has no value`);
    parts.set(name, value);
  }
  const known = ["FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "WKST"];
  for (const name of parts.keys()) {
    if (["BYSECOND", "BYMINUTE", "BYHOUR"].includes(name))
      return fail(
        "rrule-unsupported",
        `${name}: the time of day comes from start; write one window per time`,
      );
    if (["BYYEARDAY", "BYWEEKNO"].includes(name))
      return fail(
        "rrule-unsupported",
        `${name} is not used for maintenance windows; use BYMONTH and BYMONTHDAY`,
      );
    if (name === "DTSTART" || name === "TZID")
      return fail("rrule-unsupported", `${name}: the start and time zone are the window's own fields`);
    if (!known.includes(name)) return fail("rrule-syntax", `${name} is not an RRULE part`);
  }
  const freqText = parts.get("FREQ");
  if (freqText === undefined) return fail("rrule-syntax", "FREQ is required");
  if (["SECONDLY", "MINUTELY", "HOURLY"].includes(freqText))
    return fail("rrule-unsupported", `FREQ=${freqText}: windows recur by day, week, month or year`);
  if (!(freqText in frequencies)) return fail("rrule-syntax", `FREQ=${freqText} is not a frequency`);
  const freq = freqText as Frequency;
  const positive = (name: string): number | undefined | null => {
    const v = parts.get(name);
    if (v === undefined) return undefined;
    return /^[1-9]\d{0,5}$/.test(v) ? Number(v) : null;
  };
  const interval = positive("INTERVAL");
  if (interval === null) return fail("rrule-syntax", "INTERVAL is a positive integer");
  const count = positive("COUNT");
  if (count === null) return fail("rrule-syntax", "COUNT is a positive integer");
  let until: WindowRule["until"];
  const untilText = parts.get("UNTIL");
  if (untilText !== undefined) {
    if (count !== undefined) return fail("rrule-syntax", "UNTIL and COUNT exclude each other");
    const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z)?$/.exec(untilText);
    const [y, mo, d, h, mi, s] = m ? [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) : [];
    const value = m ? Date.UTC(y as number, (mo as number) - 1, d, h, mi, s) : Number.NaN;
    if (!m || Number.isNaN(value) || new Date(value).getUTCDate() !== d || (h as number) > 23)
      return fail("rrule-syntax", "UNTIL is a date (YYYYMMDD) or a UTC date-time (YYYYMMDDTHHMMSSZ)");
    until = m[4] === undefined ? { date: value } : { instant: value };
  }
  const byday: { weekday: number; n?: number }[] = [];
  const bydayText = parts.get("BYDAY");
  if (bydayText !== undefined)
    for (const item of bydayText.split(",")) {
      const m = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(item);
      const n = m?.[1] === undefined ? undefined : Number(m[1]);
      if (!m || (n !== undefined && (n === 0 || Math.abs(n) > 53)))
        return fail("rrule-syntax", `BYDAY ${item} is not a weekday (optionally numbered, e.g. 2SU or -1FR)`);
      if (n !== undefined && freq !== "MONTHLY" && freq !== "YEARLY")
        return fail("rrule-syntax", "numbered weekdays (2SU) need FREQ=MONTHLY or YEARLY");
      byday.push({
        weekday: weekdays.indexOf(m[2] as (typeof weekdays)[number]),
        ...(n !== undefined ? { n } : {}),
      });
    }
  if (byday.some((d) => d.n !== undefined) && byday.some((d) => d.n === undefined))
    return fail(
      "rrule-unsupported",
      "a BYDAY mixing plain and numbered weekdays is read differently by implementations",
    );
  const list = (name: string, min: number, max: number, signed: boolean) => {
    const v = parts.get(name);
    return v === undefined ? [] : integerList(v, min, max, signed);
  };
  const bymonthday = list("BYMONTHDAY", 1, 31, true);
  if (!bymonthday) return fail("rrule-syntax", "BYMONTHDAY is a list of days 1 to 31 or -31 to -1");
  if (bymonthday.length && freq === "WEEKLY")
    return fail("rrule-syntax", "BYMONTHDAY cannot be used with FREQ=WEEKLY");
  const bymonth = list("BYMONTH", 1, 12, false);
  if (!bymonth) return fail("rrule-syntax", "BYMONTH is a list of months 1 to 12");
  const bysetpos = list("BYSETPOS", 1, 366, true);
  if (!bysetpos) return fail("rrule-syntax", "BYSETPOS is a list of positions 1 to 366 or -366 to -1");
  if (bysetpos.length && !byday.length && !bymonthday.length && !bymonth.length)
    return fail("rrule-syntax", "BYSETPOS needs another BY rule part to choose from");
  const wkstText = parts.get("WKST");
  const wkst = wkstText === undefined ? 0 : weekdays.indexOf(wkstText as (typeof weekdays)[number]);
  if (wkst === -1) return fail("rrule-syntax", `WKST ${wkstText} is not a weekday`);
  return {
    ok: true,
    rule: {
      freq,
      interval: interval ?? 1,
      ...(count !== undefined ? { count } : {}),
      ...(until ? { until } : {}),
      byday,
      bymonthday,
      bymonth,
      bysetpos,
      wkst,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The occurrence check (and an independent generator for the property test)

const DAY = 86_400_000;
const weekdayOf = (day: number) => (new Date(day).getUTCDay() + 6) % 7; // 0 = Monday
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();

/**
 * The dates a rule selects in the periods it visits (each a floating midnight), in the semantics rrule
 * implements for the rule parts accepted here: BYMONTH limits; BYMONTHDAY and BYDAY expand in MONTHLY and
 * YEARLY and limit in DAILY; BYDAY expands in WEEKLY; numbered weekdays count within the month (MONTHLY,
 * or YEARLY with BYMONTH) or the year; BYSETPOS picks from each period's dates; without a day part,
 * the start's day (of month, and month for YEARLY) or weekday is used. Visits `periods` periods from the
 * start's and calls `visit` with each period's dates (the first period may hold dates before the start).
 */
export function ruleOccurrences(
  rule: WindowRule,
  startDay: number,
  periods: number,
  visit: (dates: readonly number[]) => boolean | undefined,
): void {
  const start = new Date(startDay);
  const noDayPart = rule.byday.length === 0 && rule.bymonthday.length === 0;
  const bymonth =
    rule.freq === "YEARLY" && noDayPart && rule.bymonth.length === 0
      ? [start.getUTCMonth() + 1]
      : rule.bymonth;
  const bymonthday =
    noDayPart && (rule.freq === "YEARLY" || rule.freq === "MONTHLY") ? [start.getUTCDate()] : rule.bymonthday;
  const plain = new Set(
    rule.freq === "WEEKLY" && noDayPart
      ? [weekdayOf(startDay)]
      : rule.byday.filter((d) => d.n === undefined).map((d) => d.weekday),
  );
  const numbered = rule.byday.filter((d) => d.n !== undefined) as { weekday: number; n: number }[];

  /** The days of [from, to) that numbered weekdays name, counted within that range. */
  const nth = (from: number, to: number, into: Set<number>) => {
    const count = (to - from) / DAY;
    for (const { weekday, n } of numbered) {
      if (n > 0) {
        const first = from + ((weekday - weekdayOf(from) + 7) % 7) * DAY;
        const day = first + (n - 1) * 7 * DAY;
        if (day < to) into.add(day);
      } else {
        const lastDay = from + (count - 1) * DAY;
        const last = lastDay - ((weekdayOf(lastDay) - weekday + 7) % 7) * DAY;
        const day = last + (n + 1) * 7 * DAY;
        if (day >= from) into.add(day);
      }
    }
  };
  const passes = (day: number, numberedDays: Set<number> | undefined): boolean => {
    const d = new Date(day);
    const month = d.getUTCMonth() + 1;
    if (bymonth.length && !bymonth.includes(month)) return false;
    if (plain.size && !plain.has(weekdayOf(day))) return false;
    if (numberedDays && !numberedDays.has(day)) return false;
    if (bymonthday.length) {
      const dim = daysInMonth(d.getUTCFullYear(), d.getUTCMonth());
      const md = d.getUTCDate();
      if (!bymonthday.includes(md) && !bymonthday.includes(md - dim - 1)) return false;
    }
    return true;
  };
  const select = (days: number[]): number[] => {
    if (!rule.bysetpos.length) return days;
    const picked = new Set<number>();
    for (const pos of rule.bysetpos) {
      const day = pos > 0 ? days[pos - 1] : days[days.length + pos];
      if (day !== undefined) picked.add(day);
    }
    return [...picked].sort((a, b) => a - b);
  };
  const y0 = start.getUTCFullYear();
  const m0 = start.getUTCMonth();
  for (let k = 0; k < periods; k++) {
    let from: number;
    let to: number;
    let numberedDays: Set<number> | undefined;
    switch (rule.freq) {
      case "DAILY":
        from = startDay + k * rule.interval * DAY;
        to = from + DAY;
        break;
      case "WEEKLY": {
        // rrule's first week runs from the start to the next WKST; later weeks are whole.
        const weekStart = startDay - ((weekdayOf(startDay) - rule.wkst + 7) % 7) * DAY;
        from = k === 0 ? startDay : weekStart + k * rule.interval * 7 * DAY;
        to = weekStart + (k * rule.interval + 1) * 7 * DAY;
        break;
      }
      case "MONTHLY": {
        const month = m0 + k * rule.interval;
        from = Date.UTC(y0, month, 1);
        to = Date.UTC(y0, month + 1, 1);
        if (numbered.length) {
          numberedDays = new Set();
          nth(from, to, numberedDays);
        }
        break;
      }
      case "YEARLY": {
        const year = y0 + k * rule.interval;
        from = Date.UTC(year, 0, 1);
        to = Date.UTC(year + 1, 0, 1);
        if (numbered.length) {
          numberedDays = new Set();
          if (bymonth.length)
            for (const m of bymonth) nth(Date.UTC(year, m - 1, 1), Date.UTC(year, m, 1), numberedDays);
          else nth(from, to, numberedDays);
        }
        break;
      }
    }
    const days: number[] = [];
    for (let day = from; day < to; day += DAY) if (passes(day, numberedDays)) days.push(day);
    if (visit(select(days)) === false) return;
  }
}

/** Periods in one 400-year Gregorian cycle (146,097 days, a whole number of weeks). */
const cyclePeriods: Record<Frequency, number> = {
  DAILY: 146_097,
  WEEKLY: 20_871,
  MONTHLY: 4_800,
  YEARLY: 400,
};

function occursAtAll(rule: WindowRule, startDay: number): boolean {
  let found = false;
  // The first period may lie partly before the start: one more period covers its dates a cycle later.
  ruleOccurrences(rule, startDay, cyclePeriods[rule.freq] + 1, (dates) => {
    found = dates.length > 0;
    return !found;
  });
  return found;
}

// ---------------------------------------------------------------------------------------------------------
// Reading windows

const WindowSchema = z.strictObject({
  id: z.string().trim().min(1),
  name: z.string().trim().min(1),
  start: z.string(),
  durationMinutes: z.number().int(),
  rrule: z.string().optional(),
  timeZone: z.string().optional(),
  zones: z.array(z.string().trim().min(1)).optional(),
});

interface Compiled {
  readonly window: MaintenanceWindow;
  readonly timeZone: string;
  readonly start: number;
  readonly rrule?: InstanceType<typeof RRule>;
}

const pointer = (path: readonly PropertyKey[]) =>
  path.map((p) => `/${String(p).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");

/** Longest window accepted: a year (a longer "window" is no window). */
export const maxDurationMinutes = 366 * 24 * 60;

function compile(
  raw: unknown,
  index: number,
  problems: WindowProblem[],
  zones?: ReadonlySet<string>,
): Compiled | undefined {
  const add = (code: string, message: string, path: PropertyKey[]) =>
    problems.push({ code, message, at: { pointer: pointer([index, ...path]) } });
  const parsed = WindowSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) add("window-shape", issue.message, issue.path);
    return undefined;
  }
  const w = parsed.data;
  const before = problems.length;
  const timeZone = w.timeZone ?? defaultTimeZone;
  if (!isTimeZone(timeZone)) add("time-zone", `${timeZone} is not an IANA time zone`, ["timeZone"]);
  if (w.durationMinutes <= 0) add("duration", "a window lasts at least one minute", ["durationMinutes"]);
  else if (w.durationMinutes > maxDurationMinutes)
    add("duration", "a window lasts at most a year", ["durationMinutes"]);
  for (const [i, zone] of (w.zones ?? []).entries())
    if (zones && !zones.has(zone)) add("unknown-zone", `${zone} is not a zone of the site`, ["zones", i]);
  const start = isTimeZone(timeZone) ? floatingStart(w.start, timeZone) : undefined;
  if (start === undefined && isTimeZone(timeZone))
    add("start", `${w.start} is not an ISO 8601 date-time (YYYY-MM-DDTHH:MM[:SS][offset])`, ["start"]);
  let rule: WindowRule | undefined;
  if (w.rrule !== undefined) {
    const reading = readRule(w.rrule);
    if (!reading.ok) add(reading.code, reading.message, ["rrule"]);
    else rule = reading.rule;
  }
  if (rule && start !== undefined) {
    const startDay = Math.floor(start / DAY) * DAY;
    if (!occursAtAll(rule, startDay))
      add("rrule-never", "the rule names no date at all (e.g. 30 February)", ["rrule"]);
  }
  if (problems.length > before || start === undefined) return undefined;
  const window: MaintenanceWindow = {
    id: w.id,
    name: w.name,
    start: w.start,
    durationMinutes: w.durationMinutes,
    ...(w.rrule !== undefined ? { rrule: w.rrule } : {}),
    ...(w.timeZone !== undefined ? { timeZone: w.timeZone } : {}),
    ...(w.zones !== undefined ? { zones: w.zones } : {}),
  };
  if (!rule) return { window, timeZone, start };
  const until = rule.until
    ? "instant" in rule.until
      ? wallAt(rule.until.instant, timeZone)
      : rule.until.date + DAY - 1000
    : undefined;
  return {
    window,
    timeZone,
    start,
    rrule: new RRule({
      freq: frequencies[rule.freq],
      dtstart: new Date(start),
      interval: rule.interval,
      wkst: rule.wkst,
      ...(rule.count !== undefined ? { count: rule.count } : {}),
      ...(until !== undefined ? { until: new Date(until) } : {}),
      ...(rule.byday.length
        ? {
            byweekday: rule.byday.map((d) =>
              d.n === undefined ? d.weekday : new rrule.Weekday(d.weekday, d.n),
            ),
          }
        : {}),
      ...(rule.bymonthday.length ? { bymonthday: [...rule.bymonthday] } : {}),
      ...(rule.bymonth.length ? { bymonth: [...rule.bymonth] } : {}),
      ...(rule.bysetpos.length ? { bysetpos: [...rule.bysetpos] } : {}),
    }),
  };
}

/**
 * Checks a site's windows: the shape, the time zone, the start, a positive duration, the RRULE (see the
 * module comment), unique ids and, when the site's zone ids are given, the zones. Only windows without
 * problems are returned.
 */
export function readWindows(
  input: unknown,
  options: { readonly zones?: readonly string[] } = {},
): { windows: MaintenanceWindow[]; problems: WindowProblem[] } {
  const problems: WindowProblem[] = [];
  if (!Array.isArray(input))
    return {
      windows: [],
      problems: [{ code: "window-shape", message: "windows are a list", at: { pointer: "" } }],
    };
  const zones = options.zones ? new Set(options.zones) : undefined;
  const seen = new Set<string>();
  const windows: MaintenanceWindow[] = [];
  input.forEach((raw, index) => {
    // Ids are compared before anything else, so a later window never takes the id of a broken one.
    const id = typeof raw === "object" && raw !== null && "id" in raw ? raw.id : undefined;
    if (typeof id === "string" && seen.has(id.trim())) {
      problems.push({
        code: "duplicate-id",
        message: `window ${id} twice`,
        at: { pointer: pointer([index, "id"]) },
      });
      return;
    }
    if (typeof id === "string") seen.add(id.trim());
    const compiled = compile(raw, index, problems, zones);
    if (compiled) windows.push(compiled.window);
  });
  return { windows, problems };
}

// ---------------------------------------------------------------------------------------------------------
// Occurrences

const applies = (window: MaintenanceWindow, zone: string | undefined) =>
  zone === undefined || !window.zones || window.zones.length === 0 || window.zones.includes(zone);

/** Far enough: rrule stops at the `count` wanted, at UNTIL or COUNT, or at its own year 9999. */
const farFuture = new Date(Date.UTC(9999, 11, 31));

/** The first `count` occurrences of one compiled window starting at or after `after`. */
function occurrencesOf(c: Compiled, after: number, count: number): WindowOccurrence[] {
  const make = (instant: number): WindowOccurrence => ({
    window: c.window.id,
    name: c.window.name,
    start: new Date(instant),
    end: new Date(instant + c.window.durationMinutes * 60_000),
    localStart: localIso(instant, c.timeZone),
    timeZone: c.timeZone,
    zones: c.window.zones ?? [],
  });
  if (!c.rrule) {
    const instant = instantOf(c.start, c.timeZone);
    return instant >= after && count > 0 ? [make(instant)] : [];
  }
  // Search from a day before in wall time: offsets differ by less than a day.
  const from = new Date(wallAt(after, c.timeZone) - DAY);
  const out: WindowOccurrence[] = [];
  let previous = Number.NaN;
  c.rrule.between(from, farFuture, true, (date) => {
    const instant = instantOf(date.getTime(), c.timeZone);
    // rrule 2.8 repeats a date that two BYSETPOS positions pick (it compares Date objects by identity).
    if (instant >= after && instant !== previous) out.push(make(instant));
    previous = instant;
    return out.length < count;
  });
  return out;
}

const byStart = (a: WindowOccurrence, b: WindowOccurrence) =>
  a.start.getTime() - b.start.getTime() || (a.window < b.window ? -1 : a.window > b.window ? 1 : 0);

/**
 * The next `count` window occurrences starting at or after `after`, of every window or of those that
 * apply to `zone` (a window without zones applies to every zone), sorted by start, then window id.
 * Windows that do not pass `readWindows` are left out, never guessed at.
 */
export function nextWindows(
  windows: readonly MaintenanceWindow[],
  after: Date,
  count: number,
  zone?: string,
): WindowOccurrence[] {
  if (!(count > 0) || Number.isNaN(after.getTime())) return [];
  const problems: WindowProblem[] = [];
  const all: WindowOccurrence[] = [];
  windows.forEach((window, index) => {
    if (!applies(window, zone)) return;
    const compiled = compile(window, index, problems);
    if (compiled) all.push(...occurrencesOf(compiled, after.getTime(), Math.floor(count)));
  });
  return all.sort(byStart).slice(0, Math.floor(count));
}

/**
 * The window a patch for `zone` is planned into: the first occurrence, of a window that applies to the
 * zone, starting at or after `notBefore`. Undefined when no window will come.
 */
export function planDueDate(
  windows: readonly MaintenanceWindow[],
  zone: string,
  notBefore: Date,
): WindowOccurrence | undefined {
  return nextWindows(windows, notBefore, 1, zone)[0];
}
