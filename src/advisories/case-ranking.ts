import type { AnalysisReport } from "../analysis/report.js";
import type { AdvisoryRemediation, AdvisoryScore } from "./advisory.js";
import type { EpssScore, KevEntry } from "./kev.js";
import {
  type Priority,
  type PriorityCandidate,
  type PriorityContext,
  priorityContexts,
  rankVulnerabilities,
} from "./priority.js";
import type { KnownAdvisory, SiteMatch } from "./site-matching.js";
import type { Justification, VulnerabilityState } from "./vex.js";

/**
 * The site's vulnerability cases ranked in the factory's context: each case brings what its matches
 * say (the advisory's scores for the matched product, its remediations), KEV and EPSS when held, and the
 * asset's place in the plant from the latest analysis. Pure: the caller loads everything.
 */
export interface RankableCase {
  readonly asset: string;
  readonly vulnerability: string;
  readonly status: VulnerabilityState;
  readonly justification: string | null;
}

export interface RankedCase<C extends RankableCase> {
  readonly case: C;
  readonly priority: Priority;
  readonly cvss: AdvisoryScore | null;
  readonly kev: KevEntry | null;
  readonly epss: EpssScore | null;
  readonly advisories: readonly {
    readonly key: string;
    readonly title: string;
    readonly remediations: readonly AdvisoryRemediation[];
  }[];
}

export interface RankingInputs<C extends RankableCase> {
  readonly cases: readonly C[];
  readonly matches: readonly SiteMatch[];
  readonly advisories: ReadonlyMap<string, KnownAdvisory>;
  readonly kev?: ReadonlyMap<string, KevEntry>;
  readonly epss?: ReadonlyMap<string, EpssScore>;
  readonly report?: AnalysisReport;
}

const noContext: PriorityContext = { exposure: [], paths: { count: 0 } };

const systemRank: Record<AdvisoryScore["system"], number> = { cvss_v4: 3, cvss_v3: 2, cvss_v2: 1 };

export function rankCases<C extends RankableCase>(inputs: RankingInputs<C>): RankedCase<C>[] {
  const contexts = inputs.report ? priorityContexts(inputs.report) : new Map<string, PriorityContext>();
  const byCase = new Map<string, SiteMatch[]>();
  for (const match of inputs.matches)
    for (const v of match.vulnerabilities) {
      const key = `${match.asset}\u0000${v.id}`;
      byCase.set(key, [...(byCase.get(key) ?? []), match]);
    }
  const details = new Map<C, Omit<RankedCase<C>, "case" | "priority">>();
  const candidates = inputs.cases.map((c) => {
    const matches = byCase.get(`${c.asset}\u0000${c.vulnerability}`) ?? [];
    const scores: AdvisoryScore[] = [];
    const advisories: RankedCase<C>["advisories"][number][] = [];
    for (const match of matches) {
      const advisory = inputs.advisories.get(match.advisory);
      if (advisory?.format !== "csaf") {
        if (advisory)
          advisories.push({
            key: match.advisory,
            title: advisory.record.summary ?? advisory.record.id,
            remediations: [],
          });
        continue;
      }
      const detail = advisory.summary.vulnerabilities.find((v) => v.id === c.vulnerability);
      if (!detail) continue;
      scores.push(...detail.scores.filter((s) => s.products.includes(match.product)));
      advisories.push({
        key: match.advisory,
        title: advisory.summary.title,
        remediations: detail.remediations.filter(
          (r) => r.products.length === 0 || r.products.includes(match.product),
        ),
      });
    }
    const best = [...scores].sort(
      (a, b) => systemRank[b.system] - systemRank[a.system] || b.baseScore - a.baseScore,
    )[0];
    const kev = inputs.kev?.get(c.vulnerability) ?? null;
    const epss = inputs.epss?.get(c.vulnerability) ?? null;
    const strongest = [...matches].sort((a, b) => Number(b.certain) - Number(a.certain))[0];
    details.set(c, { cvss: best ?? null, kev, epss, advisories: unique(advisories) });
    const candidate: PriorityCandidate = {
      asset: c.asset,
      vulnerability: c.vulnerability,
      scores,
      ...(kev ? { kev } : {}),
      ...(epss ? { epss } : {}),
      ...(strongest
        ? {
            match: {
              confidence: strongest.confidence,
              version: strongest.version,
              certain: strongest.certain,
            },
          }
        : {}),
      status: {
        state: c.status,
        ...(c.justification ? { justification: c.justification as Justification } : {}),
      },
      context: contexts.get(c.asset) ?? noContext,
    };
    return { source: c, candidate };
  });
  const sourceOf = new Map<PriorityCandidate, C>(candidates.map((x) => [x.candidate, x.source]));
  return rankVulnerabilities(candidates.map((x) => x.candidate)).map(({ candidate, priority }) => {
    const source = sourceOf.get(candidate) as C;
    return { case: source, priority, ...(details.get(source) as Omit<RankedCase<C>, "case" | "priority">) };
  });
}

function unique<T extends { key: string }>(list: readonly T[]): T[] {
  const seen = new Set<string>();
  return list.filter((item) => !seen.has(item.key) && seen.add(item.key) !== undefined);
}
