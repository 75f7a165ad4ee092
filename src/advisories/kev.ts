import Papa from "papaparse";
import { z } from "zod";

/**
 * Exploitation evidence for prioritisation (issue 6): the CISA Known Exploited Vulnerabilities catalog
 * (JSON) and FIRST's EPSS scores (CSV). Pure and total: the text in, the data and located problems out;
 * a bad entry or row is reported and left out, the rest is read.
 *
 * Both are US and international sources about exploitation in the wild, not requirements on a Japanese
 * plant: KEV's `dueDate` is the deadline BOD 22-01 sets for US federal agencies, kept because it says how
 * urgent CISA judged the entry, never shown as a deadline that binds the plant.
 */

/** A located problem: a JSON pointer into the KEV document, or a 1-based line of the EPSS CSV. */
export interface ExploitDataProblem {
  readonly code: string;
  readonly message: string;
  readonly at: { readonly pointer: string } | { readonly line: number };
}

const cvePattern = /^CVE-[0-9]{4}-[0-9]{4,19}$/;
const date = z.iso.date();

/** The fields Mamori uses, checked as the catalog's own JSON Schema states them. */
const KevEntrySchema = z.object({
  cveID: z.string().regex(cvePattern),
  vendorProject: z.string(),
  product: z.string(),
  dateAdded: date,
  dueDate: date,
  requiredAction: z.string(),
  // Optional in CISA's schema; "Known" or "Unknown" in every entry so far.
  knownRansomwareCampaignUse: z.string().optional(),
});

const KevCatalogSchema = z.object({
  catalogVersion: z.string().min(1),
  dateReleased: z.iso.datetime({ offset: true }),
  count: z.number().int().nonnegative(),
  vulnerabilities: z.array(z.unknown()),
});

export interface KevEntry {
  readonly cve: string;
  readonly vendorProject: string;
  readonly product: string;
  /** YYYY-MM-DD */
  readonly dateAdded: string;
  /** YYYY-MM-DD: the BOD 22-01 deadline for US federal agencies. */
  readonly dueDate: string;
  /** CISA knows of its use in ransomware campaigns ("Known"); "Unknown" means CISA lacks confirmation. */
  readonly knownRansomwareCampaignUse: boolean;
  readonly requiredAction: string;
}

export interface KevCatalog {
  readonly catalogVersion: string;
  readonly dateReleased: string;
  /** CVE → entry. */
  readonly entries: ReadonlyMap<string, KevEntry>;
}

export interface KevReading {
  /** Present when the catalog's own fields could be read, even if some entries could not. */
  readonly catalog?: KevCatalog;
  readonly problems: readonly ExploitDataProblem[];
}

const maxProblems = 1000;
const maxLength = 64 * 1024 * 1024;

const pointer = (path: readonly PropertyKey[]): string =>
  path.map((p) => `/${String(p).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");

function collector() {
  const problems: ExploitDataProblem[] = [];
  let dropped = 0;
  return {
    problems,
    add(problem: ExploitDataProblem) {
      if (problems.length < maxProblems) problems.push(problem);
      else dropped++;
    },
    done(): ExploitDataProblem[] {
      if (dropped > 0)
        problems.push({
          code: "too-many-problems",
          message: `${dropped} more problems`,
          at: { pointer: "" },
        });
      return problems;
    },
  };
}

/** Reads `known_exploited_vulnerabilities.json`. */
export function readKev(text: string): KevReading {
  if (text.length > maxLength)
    return {
      problems: [{ code: "too-large", message: `more than ${maxLength} characters`, at: { pointer: "" } }],
    };
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    return { problems: [{ code: "json-syntax", message: (error as Error).message, at: { pointer: "" } }] };
  }
  const out = collector();
  const catalog = KevCatalogSchema.safeParse(document);
  if (!catalog.success) {
    for (const issue of catalog.error.issues)
      out.add({ code: "catalog-shape", message: issue.message, at: { pointer: pointer(issue.path) } });
    return { problems: out.done() };
  }
  const entries = new Map<string, KevEntry>();
  catalog.data.vulnerabilities.forEach((raw, index) => {
    const entry = KevEntrySchema.safeParse(raw);
    if (!entry.success) {
      for (const issue of entry.error.issues)
        out.add({
          code: "entry-shape",
          message: issue.message,
          at: { pointer: pointer(["vulnerabilities", index, ...issue.path]) },
        });
      return;
    }
    const e = entry.data;
    if (entries.has(e.cveID)) {
      out.add({
        code: "duplicate-cve",
        message: `${e.cveID} is listed twice; the first entry is kept`,
        at: { pointer: pointer(["vulnerabilities", index, "cveID"]) },
      });
      return;
    }
    entries.set(e.cveID, {
      cve: e.cveID,
      vendorProject: e.vendorProject,
      product: e.product,
      dateAdded: e.dateAdded,
      dueDate: e.dueDate,
      knownRansomwareCampaignUse: e.knownRansomwareCampaignUse === "Known",
      requiredAction: e.requiredAction,
    });
  });
  if (catalog.data.count !== catalog.data.vulnerabilities.length)
    out.add({
      code: "count-mismatch",
      message: `count says ${catalog.data.count}, the list has ${catalog.data.vulnerabilities.length}`,
      at: { pointer: "/count" },
    });
  return {
    catalog: {
      catalogVersion: catalog.data.catalogVersion,
      dateReleased: catalog.data.dateReleased,
      entries,
    },
    problems: out.done(),
  };
}

// ---------------------------------------------------------------------------------------------------------
// EPSS

export interface EpssScore {
  readonly cve: string;
  /** Probability of exploitation activity in the next 30 days, 0–1. */
  readonly epss: number;
  /** Share of scored CVEs with a lower or equal score, 0–1. */
  readonly percentile: number;
}

export interface EpssScores {
  /** From the first line `#model_version:…,score_date:…`, when present. */
  readonly modelVersion?: string;
  readonly scoreDate?: string;
  /** CVE → score. */
  readonly scores: ReadonlyMap<string, EpssScore>;
}

export interface EpssReading {
  /** Present when the header could be read. */
  readonly epss?: EpssScores;
  readonly problems: readonly ExploitDataProblem[];
}

const probability = (value: string): number | undefined => {
  // EPSS writes plain decimals; Number("") is 0 and Number("0x1") is 1, so check the form first.
  if (!/^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/.test(value.trim())) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 && n <= 1 ? n : undefined;
};

/**
 * Reads the EPSS CSV as FIRST publishes it (`epss_scores-YYYY-MM-DD.csv`): an optional first line
 * `#model_version:v2023.03.01,score_date:2023-03-05T00:00:00+0000`, a header naming `cve`, `epss` and
 * `percentile` (in any order, other columns ignored), then one row per CVE. Lines are numbered as in the
 * file (EPSS has no quoted line breaks, so one row is one line).
 */
export function readEpss(text: string): EpssReading {
  if (text.length > maxLength)
    return {
      problems: [{ code: "too-large", message: `more than ${maxLength} characters`, at: { line: 1 } }],
    };
  const out = collector();
  let body = text.replace(/^\uFEFF/, "");
  let firstLine = 1;
  let modelVersion: string | undefined;
  let scoreDate: string | undefined;
  if (body.startsWith("#")) {
    const end = body.search(/\r?\n/);
    const comment = (end === -1 ? body : body.slice(0, end)).slice(1);
    for (const pair of comment.split(",")) {
      const colon = pair.indexOf(":");
      if (colon === -1) continue;
      const key = pair.slice(0, colon).trim();
      const value = pair.slice(colon + 1).trim();
      if (key === "model_version" && value) modelVersion = value;
      if (key === "score_date" && value) scoreDate = value;
    }
    body = end === -1 ? "" : body.slice(end).replace(/^\r?\n/, "");
    firstLine = 2;
  }
  const parsed = Papa.parse<string[]>(body, { delimiter: ",", skipEmptyLines: false });
  for (const error of parsed.errors)
    out.add({ code: "csv", message: error.message, at: { line: firstLine + (error.row ?? 0) } });
  const rows = parsed.data;
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const column = {
    cve: header.indexOf("cve"),
    epss: header.indexOf("epss"),
    percentile: header.indexOf("percentile"),
  };
  const missing = Object.entries(column).filter(([, i]) => i === -1);
  if (missing.length > 0) {
    out.add({
      code: "header",
      message: `the header needs ${missing.map(([name]) => name).join(", ")} (found: ${header.join(",") || "nothing"})`,
      at: { line: firstLine },
    });
    return { problems: out.done() };
  }
  const scores = new Map<string, EpssScore>();
  rows.slice(1).forEach((row, i) => {
    const line = firstLine + 1 + i;
    if (row.length === 1 && row[0]?.trim() === "") return;
    const cve = row[column.cve]?.trim() ?? "";
    const epss = probability(row[column.epss] ?? "");
    const percentile = probability(row[column.percentile] ?? "");
    if (!cvePattern.test(cve)) {
      out.add({ code: "row-cve", message: `"${cve}" is not a CVE id`, at: { line } });
      return;
    }
    if (epss === undefined || percentile === undefined) {
      out.add({
        code: "row-score",
        message: `${cve}: epss and percentile are numbers from 0 to 1 (got "${row[column.epss] ?? ""}", "${row[column.percentile] ?? ""}")`,
        at: { line },
      });
      return;
    }
    if (scores.has(cve)) {
      out.add({
        code: "duplicate-cve",
        message: `${cve} is listed twice; the first row is kept`,
        at: { line },
      });
      return;
    }
    scores.set(cve, { cve, epss, percentile });
  });
  return {
    epss: {
      ...(modelVersion ? { modelVersion } : {}),
      ...(scoreDate ? { scoreDate } : {}),
      scores,
    },
    problems: out.done(),
  };
}
