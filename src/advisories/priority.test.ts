import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeSite } from "../analysis/analyze.js";
import { analysisReport } from "../analysis/report.js";
import { readCatalogueTexts } from "../catalogues/files.js";
import { loadCatalogues } from "../catalogues/load.js";
import { translator } from "../i18n/index.js";
import { vulnerabilitiesEn, vulnerabilitiesJa } from "../i18n/vulnerabilities.js";
import { validateText } from "../model/validate.js";
import { oodaStages } from "../model/vocabulary.js";
import type { AdvisoryVulnerabilityDetail } from "./advisory.js";
import type { KevEntry } from "./kev.js";
import {
  bands,
  ENTRY_WEIGHT,
  type PriorityCandidate,
  type PriorityContext,
  prioritise,
  priorityInputsFromReport,
  priorityMessageKey,
  rankVulnerabilities,
  scoresForProduct,
} from "./priority.js";
import { decisions, justificationKeys, vulnerabilityStates } from "./vex.js";

const kev = (ransomware = false): KevEntry => ({
  cve: "CVE-2023-6943",
  vendorProject: "Mitsubishi Electric",
  product: "MELSEC iQ-R",
  dateAdded: "2023-05-01",
  dueDate: "2023-05-22",
  knownRansomwareCampaignUse: ransomware,
  requiredAction: "Apply mitigations per vendor instructions.",
});

const context = (over: Partial<PriorityContext> = {}): PriorityContext => ({
  importance: { level: "high", rank: 3, levels: 4 },
  zone: { id: "zone.line", type: "control" },
  exposure: [],
  paths: { count: 0 },
  ...over,
});

const candidate = (over: Partial<PriorityCandidate> = {}): PriorityCandidate => ({
  asset: "plc-01",
  vulnerability: "CVE-2023-6943",
  scores: [{ system: "cvss_v3", version: "3.1", baseScore: 9.8 }],
  context: context(),
  ...over,
});

const remotePlc = candidate({
  asset: "plc-remote",
  context: context({
    zone: { id: "zone.remote", type: "remote-maintenance" },
    exposure: [
      { kind: "insider", hops: 0 },
      { kind: "vendor-remote-maintenance", hops: 1 },
    ],
    paths: { count: 3, cheapestCost: 12 },
  }),
});
const unconnectedPlc = candidate({
  asset: "plc-unconnected",
  context: context({
    zone: { id: "zone.unconnected", type: "unconnected-line" },
    exposure: [
      { kind: "insider", hops: 0 },
      { kind: "physical-access", hops: 0 },
      { kind: "removable-media", hops: 1 },
    ],
  }),
});

describe("the factory's context decides", () => {
  it("ranks a reachable PLC in a remote-maintenance zone above the same CVE on an unconnected line", () => {
    const ranked = rankVulnerabilities([unconnectedPlc, remotePlc]);
    expect(ranked.map((r) => [r.candidate.asset, r.priority.band])).toEqual([
      ["plc-remote", "high"],
      ["plc-unconnected", "medium"],
    ]);
    expect(ranked[1]?.priority.reasons.map((r) => r.code)).toContain("no-exposure-unconnected-line");
  });

  it("says why, heaviest first, in Japanese and English", () => {
    const p = prioritise(
      candidate({
        kev: kev(true),
        epss: { cve: "CVE-2023-6943", epss: 0.92104, percentile: 0.97031 },
        context: remotePlc.context,
      }),
    );
    expect(p.reasons.map((r) => [r.code, r.params.points])).toEqual([
      ["cvss", 29.4],
      ["exposure", 19],
      ["kev-ransomware", 17],
      ["importance", 11.3],
      ["epss", 7.7],
      ["paths", 6.6],
    ]);
    const ja = translator("ja");
    const en = translator("en");
    const show = (t: typeof ja) =>
      p.reasons.map((r) => t.reason({ code: priorityMessageKey(r.code), params: r.params }));
    expect(show(ja)).toEqual([
      "CVSS 9.8（v3.1）",
      "ゾーンに侵入口「ベンダのリモート保守」から接続1段で到達",
      "2023-05-01からCISAのKEVに掲載、ランサムウェアでの悪用あり",
      "保護対象の重要度 高",
      "EPSS 0.92（パーセンタイル 97）",
      "攻撃経路3本がここに至る（最も容易な経路のコスト 12）",
    ]);
    expect(show(en)).toEqual([
      "CVSS 9.8 (v3.1)",
      "Zone reachable from entry 'Vendor remote maintenance' in 1 hop(s)",
      "In CISA KEV since 2023-05-01, used in ransomware campaigns",
      "Asset importance High",
      "EPSS 0.92 (percentile 97)",
      "3 attack path(s) end here (easiest costs 12)",
    ]);
    // 29.4 + 19 + 17 + 11.25 + 8·√0.92104 + (3 + 4·18/20) = 90.93, mapped to 10 + 0.9 × 90.93.
    expect(p.score).toBe(91.8);
    expect(p.band).toBe("critical");
  });

  it("prefers CVSS v4, then v3.x, then v2, and the highest within the version", () => {
    const score = (scores: PriorityCandidate["scores"]) =>
      prioritise(candidate({ scores })).reasons[0]?.params;
    expect(
      score([
        { system: "cvss_v3", version: "3.1", baseScore: 9.8 },
        { system: "cvss_v4", version: "4.0", baseScore: 8.7 },
        { system: "cvss_v2", version: "2.0", baseScore: 10 },
      ]),
    ).toMatchObject({ score: 8.7, version: "4.0" });
    expect(
      score([
        { system: "cvss_v3", version: "3.0", baseScore: 7.5 },
        { system: "cvss_v3", version: "3.1", baseScore: 8.1 },
      ]),
    ).toMatchObject({ score: 8.1, version: "3.1" });
    expect(prioritise(candidate({ scores: [] })).reasons.map((r) => r.code)).toContain("cvss-unknown");
  });

  it("takes the scores of the matched product only", () => {
    const detail = {
      scores: [
        { system: "cvss_v3", version: "3.1", baseScore: 9.8, vector: "", products: ["CSAFPID-1"] },
        { system: "cvss_v3", version: "3.1", baseScore: 5.3, vector: "", products: ["CSAFPID-2"] },
      ],
    } as unknown as AdvisoryVulnerabilityDetail;
    expect(scoresForProduct(detail, "CSAFPID-2").map((s) => s.baseScore)).toEqual([5.3]);
  });

  it("lowers an uncertain match and lets a person's 'affected' confirm it", () => {
    const guessed = candidate({
      match: { confidence: "name-heuristic", version: "unknown", certain: false },
    });
    const p = prioritise(guessed);
    expect(p.reasons.find((r) => r.code === "match-uncertain")?.params).toMatchObject({ factor: 0.75 });
    expect(p.score).toBeLessThan(prioritise(candidate()).score);
    expect(prioritise({ ...guessed, status: { state: "affected" } }).score).toBe(
      prioritise(candidate()).score,
    );
  });

  it("excludes what people judged not affected or fixed, and versions outside the range", () => {
    const notAffected = prioritise(
      candidate({
        kev: kev(true),
        status: { state: "not-affected", justification: "mitigated-by-zone-controls" },
      }),
    );
    expect(notAffected.excluded).toBe(true);
    expect(notAffected.band).toBe("low");
    expect(notAffected.reasons[0]).toEqual({
      code: "status-not-affected-justified",
      params: {
        justification: { ja: "ゾーンの対策で緩和済み", en: "Mitigated by zone controls" },
        points: 0,
      },
    });
    expect(
      translator("ja").reason({
        code: priorityMessageKey("status-not-affected-justified"),
        params: notAffected.reasons[0]?.params ?? {},
      }),
    ).toBe("ステータス「影響なし」（ゾーンの対策で緩和済み）→ 対象外");
    expect(prioritise(candidate({ status: { state: "fixed" } })).reasons[0]?.code).toBe("status-fixed");
    expect(
      prioritise(
        candidate({ match: { confidence: "identifier-range", version: "other-version", certain: true } }),
      ).reasons[0]?.code,
    ).toBe("version-not-affected");
    expect(prioritise(candidate({ status: { state: "under-investigation" } })).excluded).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties

const kinds = Object.keys(ENTRY_WEIGHT);
const candidateArb: fc.Arbitrary<PriorityCandidate> = fc.record(
  {
    asset: fc.constantFrom("plc-01", "hmi-01", "ews-01"),
    component: fc.option(fc.constantFrom("fw", "openssl"), { nil: undefined }),
    vulnerability: fc.constantFrom("CVE-2024-0001", "CVE-2024-0002"),
    scores: fc.array(
      fc.record({
        system: fc.constantFrom("cvss_v2", "cvss_v3", "cvss_v4") as fc.Arbitrary<
          "cvss_v2" | "cvss_v3" | "cvss_v4"
        >,
        version: fc.constantFrom("", "3.1", "4.0"),
        baseScore: fc.integer({ min: 0, max: 100 }).map((n) => n / 10),
      }),
      { maxLength: 3 },
    ),
    kev: fc.option(fc.boolean().map(kev), { nil: undefined }),
    epss: fc.option(
      fc.record({
        cve: fc.constant("CVE-2024-0001"),
        epss: fc.double({ min: 0, max: 1, noNaN: true }),
        percentile: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      { nil: undefined },
    ),
    match: fc.option(
      fc.record({
        confidence: fc.constantFrom("exact-identifier", "identifier-range", "name-heuristic") as fc.Arbitrary<
          "exact-identifier" | "identifier-range" | "name-heuristic"
        >,
        version: fc.constantFrom("affected-version", "unknown") as fc.Arbitrary<
          "affected-version" | "unknown"
        >,
        certain: fc.boolean(),
      }),
      { nil: undefined },
    ),
    status: fc.option(
      fc
        .constantFrom("affected", "under-investigation")
        .map((state) => ({ state: state as "affected" | "under-investigation" })),
      { nil: undefined },
    ),
    context: fc.record({
      importance: fc.option(
        fc.integer({ min: 1, max: 4 }).map((rank) => ({
          level: ["low", "medium", "high", "critical"][rank - 1] as string,
          rank,
          levels: 4,
        })),
        { nil: undefined },
      ),
      zone: fc.constant({ id: "zone.x", type: "control" }),
      exposure: fc.uniqueArray(
        fc.record({ kind: fc.constantFrom(...kinds), hops: fc.integer({ min: 0, max: 6 }) }),
        {
          selector: (e) => e.kind,
          maxLength: 5,
        },
      ),
      paths: fc.oneof(
        fc.constant({ count: 0 }),
        fc.record({ count: fc.integer({ min: 1, max: 12 }), cheapestCost: fc.integer({ min: 5, max: 40 }) }),
      ),
    }),
  },
  { requiredKeys: ["asset", "vulnerability", "scores", "context"] },
);

/** Ways to make a candidate worse for the plant; none may lower its score. */
const raise: Record<string, (c: PriorityCandidate, n: number) => PriorityCandidate> = {
  cvss: (c, n) => {
    const order = { cvss_v4: 3, cvss_v3: 2, cvss_v2: 1 } as const;
    const top = Math.max(0, ...c.scores.map((s) => order[s.system]));
    return {
      ...c,
      scores: c.scores.map((s) =>
        order[s.system] === top ? { ...s, baseScore: Math.min(10, s.baseScore + n / 10) } : s,
      ),
    };
  },
  kev: (c) => ({ ...c, kev: c.kev ?? kev(false) }),
  ransomware: (c) => ({ ...c, kev: kev(true) }),
  epss: (c, n) => ({
    ...c,
    epss: {
      cve: "CVE-2024-0001",
      epss: Math.min(1, (c.epss?.epss ?? 0) + n / 100),
      percentile: Math.min(1, (c.epss?.percentile ?? 0) + n / 100),
    },
  }),
  importance: (c) => {
    // Unknown importance counts as the middle of the scale, so raising it means "high" or more.
    const rank = c.context.importance ? Math.min(4, c.context.importance.rank + 1) : 3;
    return { ...c, context: { ...c.context, importance: { level: "x", rank, levels: 4 } } };
  },
  exposure: (c, n) => {
    const kind = kinds[n % kinds.length] as string;
    const existing = c.context.exposure.find((e) => e.kind === kind);
    const exposure = existing
      ? c.context.exposure.map((e) => (e.kind === kind ? { kind, hops: Math.max(0, e.hops - 1) } : e))
      : [...c.context.exposure, { kind, hops: 1 + (n % 5) }];
    return { ...c, context: { ...c.context, exposure } };
  },
  paths: (c, n) => ({
    ...c,
    context: {
      ...c.context,
      paths: {
        count: c.context.paths.count + 1,
        cheapestCost: Math.min(c.context.paths.cheapestCost ?? 40, 40 - (n % 35)),
      },
    },
  }),
};

describe("properties", () => {
  it("is monotone: more severity, exploitation, importance, exposure or paths never lower the score", () => {
    fc.assert(
      fc.property(
        candidateArb,
        fc.constantFrom(...Object.keys(raise)),
        fc.integer({ min: 1, max: 50 }),
        (c, how, n) => {
          const before = prioritise(c).score;
          const after = prioritise(
            (raise[how] as (c: PriorityCandidate, n: number) => PriorityCandidate)(c, n),
          ).score;
          expect(after).toBeGreaterThanOrEqual(before);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("ranks every not-affected or fixed item below every open one", () => {
    fc.assert(
      fc.property(
        candidateArb,
        candidateArb,
        fc.constantFrom("not-affected", "fixed"),
        (open, closed, state) => {
          const excluded = prioritise({ ...closed, status: { state: state as "not-affected" | "fixed" } });
          const still = prioritise(open);
          expect(excluded.excluded).toBe(true);
          expect(excluded.score).toBeLessThan(still.score);
          expect(excluded.score).toBeGreaterThanOrEqual(0);
          expect(still.score).toBeLessThanOrEqual(100);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("puts the context example above the unconnected line whatever else they share", () => {
    fc.assert(
      fc.property(candidateArb, (c) => {
        const shared = { ...c, context: { ...c.context } };
        const remote = prioritise({
          ...shared,
          context: {
            ...shared.context,
            zone: remotePlc.context.zone,
            exposure: remotePlc.context.exposure,
            paths: remotePlc.context.paths,
          },
        });
        const line = prioritise({
          ...shared,
          context: {
            ...shared.context,
            zone: unconnectedPlc.context.zone,
            exposure: unconnectedPlc.context.exposure,
            paths: { count: 0 },
          },
        });
        expect(remote.score).toBeGreaterThan(line.score);
      }),
      { numRuns: 300 },
    );
  });

  it("ranks deterministically: the same order whatever order the list came in, ties by id", () => {
    fc.assert(
      fc.property(fc.array(candidateArb, { maxLength: 12 }), fc.integer(), (list, seed) => {
        const shuffled = fc.sample(
          fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
          {
            seed,
            numRuns: 1,
          },
        )[0] as PriorityCandidate[];
        const key = (r: { candidate: PriorityCandidate; priority: { score: number } }) =>
          `${r.priority.score} ${r.candidate.vulnerability} ${r.candidate.asset} ${r.candidate.component ?? ""}`;
        const a = rankVulnerabilities(list).map(key);
        expect(rankVulnerabilities(shuffled).map(key)).toEqual(a);
        for (let i = 1; i < a.length; i++) {
          const [x, y] = [rankVulnerabilities(list)[i - 1], rankVulnerabilities(list)[i]];
          expect((x?.priority.score ?? 0) >= (y?.priority.score ?? 0)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("gives every band and every reason a message in both languages", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(candidateArb, fc.constantFrom(undefined, "not-affected", "fixed"), (c, closing) => {
        const p = prioritise(
          closing
            ? {
                ...c,
                status: { state: closing as "not-affected" | "fixed", justification: "code-not-present" },
              }
            : c,
        );
        expect(bands).toContain(p.band);
        for (const r of p.reasons) {
          seen.add(r.code);
          for (const lang of ["ja", "en"] as const) {
            const text = translator(lang).reason({ code: priorityMessageKey(r.code), params: r.params });
            expect(text).not.toContain(priorityMessageKey(""));
            expect(text).not.toMatch(/\{\{|undefined/);
          }
        }
      }),
      { numRuns: 300 },
    );
    const messages = Object.keys(vulnerabilitiesJa.priority);
    // Every message is used, except the two that need what the random candidates never carry.
    const rest = messages.filter((m) => !seen.has(m)).sort();
    expect(rest).toEqual([
      "no-exposure-unconnected-line",
      "paths-count",
      "status-not-affected",
      "version-not-affected",
    ]);
    const params = { zoneType: "unconnected-line", count: 2, points: 0 };
    expect(rest.map((code) => translator("ja").reason({ code: priorityMessageKey(code), params }))).toEqual([
      "ネットワークからの到達なし: 非接続ライン",
      "攻撃経路2本がここに至る",
      "ステータス「影響なし」→ 対象外",
      "導入バージョンは影響範囲外 → 対象外",
    ]);
  });
});

describe("messages", () => {
  it("cover Mamori's states, justifications and decisions, and reuse the OODA stage names", () => {
    expect(Object.keys(vulnerabilitiesJa.state)).toEqual([...vulnerabilityStates]);
    expect(Object.keys(vulnerabilitiesJa.justification).sort()).toEqual([...justificationKeys].sort());
    expect(Object.keys(vulnerabilitiesJa.decision)).toEqual([...decisions]);
    expect(Object.keys(vulnerabilitiesJa.band)).toEqual([...bands]);
    expect(vulnerabilitiesJa.justification["unreachable-unconnected-line"]).toBe("到達不能: 未接続ライン");
    expect(vulnerabilitiesJa.justification["mitigated-by-zone-controls"]).toBe("ゾーンの対策で緩和済み");
    expect(vulnerabilitiesJa.ooda.observe).toBe(oodaStages.observe.ja);
    expect(vulnerabilitiesJa.ooda.orient).toBe("分析（Orient）");
    expect(vulnerabilitiesEn.decision.accept).toBe("Accept the risk");
    expect(translator("en").t("vulnerabilities.state.fixed")).toBe("Fixed");
    expect(translator("ja").t("vulnerabilities.decision.patch")).toBe("パッチ適用");
  });
});

// ---------------------------------------------------------------------------------------------------------
// The demo plant's analysis

describe("contexts from the demo plant's analysis report", () => {
  const loaded = loadCatalogues(readCatalogueTexts()).catalogues;
  const text = readFileSync(new URL("../../examples/demo-site.yaml", import.meta.url), "utf8");
  const demo = validateText(text).valid;
  if (!loaded || demo?.kind !== "site") throw new Error("the demo plant and the catalogues must load");
  const report = analysisReport(analyzeSite(demo.document, loaded), loaded, "ja");

  it("reads importance, zone, exposure and paths for an asset", () => {
    const press = priorityInputsFromReport(report, "plc-press-01");
    expect(press?.importance).toEqual({ level: "critical", rank: 4, levels: 4 });
    expect(press?.zone).toEqual({ id: "zone.ctrl-press", type: "control" });
    expect(press?.exposure).toContainEqual({ kind: "vendor-remote-maintenance", hops: 3 });
    expect(press?.paths.count).toBeGreaterThan(0);
    const legacy = priorityInputsFromReport(report, "plc-legacy-01");
    expect(legacy?.zone).toEqual({ id: "zone.unconnected", type: "unconnected-line" });
    expect(legacy?.exposure.filter((e) => (ENTRY_WEIGHT[e.kind] ?? 0) > 0)).toEqual([
      { kind: "removable-media", hops: 1 },
    ]);
    expect(legacy?.paths).toEqual({ count: 0 });
    expect(priorityInputsFromReport(report, "no-such-asset")).toBeUndefined();
  });

  it("places data in the zones its paths reach", () => {
    const data = priorityInputsFromReport(report, "data-cred");
    expect(data?.zone?.id).toBeDefined();
    expect(data?.exposure.length).toBeGreaterThan(0);
  });

  it("ranks the press-line PLC above the same CVE on the unconnected line", () => {
    const on = (asset: string) =>
      candidate({ asset, context: priorityInputsFromReport(report, asset) as PriorityContext });
    const ranked = rankVulnerabilities([on("plc-legacy-01"), on("plc-press-01")]);
    expect(ranked.map((r) => [r.candidate.asset, r.priority.band])).toEqual([
      ["plc-press-01", "high"],
      ["plc-legacy-01", "medium"],
    ]);
  });
});
