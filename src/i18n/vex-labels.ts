/**
 * Mamori's VEX states and "not affected" justifications (advisories/vex.ts) in both languages: one wording
 * for the CLI, reports and the web UI, which imports this file (it has no imports, so the browser bundle
 * takes nothing else with it). The two plant-specific justifications are Mamori's, not CSAF's or CycloneDX's.
 */
export const vexLabelsJa = {
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
};

export const vexLabelsEn: typeof vexLabelsJa = {
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
};
