import { oodaStages } from "../model/vocabulary.js";
import type { Messages } from "./ja.js";

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
  state: {
    affected: "影響あり",
    "not-affected": "影響なし",
    fixed: "修正済み",
    "under-investigation": "調査中",
  },
  justification: {
    "component-not-present": "脆弱な構成要素を含まない",
    "code-not-present": "脆弱なコードを含まない",
    "code-not-in-execute-path": "脆弱なコードが実行されない",
    "requires-configuration": "悪用に必要な設定になっていない",
    "requires-environment": "悪用に必要な環境がない",
    "not-controllable-by-adversary": "攻撃者が脆弱なコードを操作できない",
    "protected-at-perimeter": "境界（物理・論理・ネットワーク）で遮断",
    "unreachable-unconnected-line": "到達不能: 未接続ライン",
    "protected-by-compiler": "コンパイラの保護機能で防止",
    "protected-at-runtime": "実行時の保護機能で防止",
    "inline-mitigations": "製品に組み込まれた緩和策で防止",
    "mitigating-control": "緩和策で防止",
    "mitigated-by-zone-controls": "ゾーンの対策で緩和済み",
  },
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
  state: {
    affected: "Affected",
    "not-affected": "Not affected",
    fixed: "Fixed",
    "under-investigation": "Under investigation",
  },
  justification: {
    "component-not-present": "Vulnerable component not present",
    "code-not-present": "Vulnerable code not present",
    "code-not-in-execute-path": "Vulnerable code not in the execute path",
    "requires-configuration": "Requires a configuration that is not set",
    "requires-environment": "Requires an environment that is not present",
    "not-controllable-by-adversary": "Vulnerable code cannot be controlled by an adversary",
    "protected-at-perimeter": "Blocked at the (physical, logical or network) perimeter",
    "unreachable-unconnected-line": "Not reachable: unconnected line",
    "protected-by-compiler": "Prevented by compiler protections",
    "protected-at-runtime": "Prevented at runtime",
    "inline-mitigations": "Prevented by mitigations built into the product",
    "mitigating-control": "Prevented by mitigating controls",
    "mitigated-by-zone-controls": "Mitigated by zone controls",
  },
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
