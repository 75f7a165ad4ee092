import { oodaStages } from "../model/vocabulary.js";
import type { Messages } from "./ja.js";
import { vexLabelsEn, vexLabelsJa } from "./vex-labels.js";

/**
 * Messages for vulnerability handling (issue 6): the reasons of the prioritisation
 * (advisories/priority.ts, rendered as `vulnerabilities.priority.<code>`), its bands, Mamori's VEX states
 * and justifications (advisories/vex.ts), the OODA stages a vulnerability moves through and the decisions.
 * The justifications and the weighting are Mamori's, not CISA's, CSAF's or METI's; the OODA stage names are
 * the supplement's, taken from the vocabulary so that they cannot drift apart.
 */
export const vulnerabilitiesJa = {
  priority: {
    cvss: "CVSS {{score}}（v{{version}}）",
    "cvss-unknown": "CVSSスコアなし（{{assumed}}とみなす）",
    kev: "{{dateAdded}}からCISAの悪用が確認された脆弱性カタログ（KEV）に掲載",
    "kev-ransomware": "{{dateAdded}}からCISAのKEVに掲載、ランサムウェアでの悪用あり",
    epss: "EPSS {{epss}}（パーセンタイル {{percentile}}）",
    exposure: "ゾーンに侵入口「{{entry}}」から接続{{hops}}段で到達",
    "exposure-breadth": "ほかに{{count}}種類の侵入口からも到達（{{kinds}}）",
    "no-exposure-unconnected-line": "ネットワークからの到達なし: {{zoneType}}",
    "no-network-exposure": "ネットワークからの到達なし",
    importance: "保護対象の重要度 {{importance}}",
    "importance-unknown": "重要度が不明（中間とみなす）",
    paths: "攻撃経路{{count}}本がここに至る（最も容易な経路のコスト {{cost}}）",
    "paths-count": "攻撃経路{{count}}本がここに至る",
    "no-paths": "ここに至る攻撃経路なし",
    "status-affected": "影響ありと確認済み",
    "status-under-investigation": "調査中",
    "match-uncertain": "該当判定が不確実（{{confidence}}、バージョン: {{version}}）: ×{{factor}}",
    "status-not-affected": "ステータス「影響なし」→ 対象外",
    "status-not-affected-justified": "ステータス「影響なし」（{{justification}}）→ 対象外",
    "status-fixed": "ステータス「修正済み」→ 対象外",
    "version-not-affected": "導入バージョンは影響範囲外 → 対象外",
  },
  band: { critical: "重大", high: "高", medium: "中", low: "低" },
  state: vexLabelsJa.state,
  justification: vexLabelsJa.justification,
  matchConfidence: {
    "exact-identifier": "識別子で一致",
    "identifier-range": "識別子とバージョン範囲で一致",
    "name-heuristic": "名称からの推定",
  },
  versionVerdict: {
    "affected-version": "影響範囲内",
    "other-version": "影響範囲外",
    unknown: "判定できない",
  },
  ooda: {
    observe: oodaStages.observe.ja,
    orient: oodaStages.orient.ja,
    decide: oodaStages.decide.ja,
    act: oodaStages.act.ja,
  },
  decision: { patch: "パッチ適用", mitigate: "緩和策", accept: "リスク受容" },
} as const;

export const vulnerabilitiesEn: Messages["vulnerabilities"] = {
  priority: {
    cvss: "CVSS {{score}} (v{{version}})",
    "cvss-unknown": "No CVSS score ({{assumed}} assumed)",
    kev: "In CISA's Known Exploited Vulnerabilities catalog (KEV) since {{dateAdded}}",
    "kev-ransomware": "In CISA KEV since {{dateAdded}}, used in ransomware campaigns",
    epss: "EPSS {{epss}} (percentile {{percentile}})",
    exposure: "Zone reachable from entry '{{entry}}' in {{hops}} hop(s)",
    "exposure-breadth": "Also reachable from {{count}} other kind(s) of entry ({{kinds}})",
    "no-exposure-unconnected-line": "No exposure over a network: {{zoneType}}",
    "no-network-exposure": "No exposure over a network",
    importance: "Asset importance {{importance}}",
    "importance-unknown": "Importance unknown (middle assumed)",
    paths: "{{count}} attack path(s) end here (easiest costs {{cost}})",
    "paths-count": "{{count}} attack path(s) end here",
    "no-paths": "No attack path ends here",
    "status-affected": "Confirmed affected",
    "status-under-investigation": "Under investigation",
    "match-uncertain": "Uncertain match ({{confidence}}, version: {{version}}): ×{{factor}}",
    "status-not-affected": "Status not affected → excluded",
    "status-not-affected-justified": "Status not affected ({{justification}}) → excluded",
    "status-fixed": "Status fixed → excluded",
    "version-not-affected": "Installed version outside the affected range → excluded",
  },
  band: { critical: "Critical", high: "High", medium: "Medium", low: "Low" },
  state: vexLabelsEn.state,
  justification: vexLabelsEn.justification,
  matchConfidence: {
    "exact-identifier": "identifier match",
    "identifier-range": "identifier and version range",
    "name-heuristic": "guessed from the names",
  },
  versionVerdict: {
    "affected-version": "in the affected range",
    "other-version": "outside the affected range",
    unknown: "cannot be judged",
  },
  ooda: {
    observe: oodaStages.observe.en,
    orient: oodaStages.orient.en,
    decide: oodaStages.decide.en,
    act: oodaStages.act.en,
  },
  decision: { patch: "Patch", mitigate: "Mitigate", accept: "Accept the risk" },
};
