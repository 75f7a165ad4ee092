import type { ImportanceResult } from "../importance.js";
import type { Reason, Subject } from "../reasons.js";
import type { SiteIndex } from "../site-index.js";

/**
 * Findings (指摘): observations a network rule makes about the model, each with a severity, the entity it
 * is about, what to do, and the facts that made the rule fire. Rules are pure functions of the indexed
 * site: no I/O, no clock (a date, when a rule needs one, comes in as `asOf`).
 */

export type Severity = "low" | "medium" | "high" | "critical";

export const severityRank: Readonly<Record<Severity, number>> = { low: 1, medium: 2, high: 3, critical: 4 };

export interface Finding {
  /** Stable across runs and edits elsewhere in the model: `${rule}:${subject.kind}:${subject.id}`. */
  id: string;
  rule: string;
  severity: Severity;
  subject: Subject;
  message: Reason;
  fix: Reason;
  because: Reason[];
}

export interface FindingReferences {
  /** CSET network diagram analysis rule the finding corresponds to, e.g. "diagram rule 1". */
  cset?: string;
  /** Threagile built-in risk rule id. */
  threagile?: string;
  /** IEC 62443-3-3 system requirement identifiers (identifiers only). */
  iec62443?: string[];
  /** MITRE ATT&CK for ICS technique (T08xx) and mitigation (M0xxx) ids. */
  attack?: string[];
}

export interface FindingRule {
  id: string;
  /** The usual severity; a finding may be raised or lowered with a reason in `because`. */
  severity: Severity;
  title: { ja: string; en: string };
  fix: { ja: string; en: string };
  references?: FindingReferences;
  check(context: RuleContext): Finding[];
}

export interface RuleContext {
  index: SiteIndex;
  importance: ImportanceResult;
  /** Rank of the zone's target security level: declared `securityLevel.target`, else 0 (unknown). */
  zoneLevel(zoneId: string): number;
  /**
   * The date rules compare dated facts with (YYYY-MM-DD), e.g. the end of an asset's support. The core has
   * no clock: the caller passes today's date, or a review date; rules that need it are silent without it.
   */
  asOf?: string;
}

export function createRuleContext(
  index: SiteIndex,
  importance: ImportanceResult,
  options: { asOf?: string } = {},
): RuleContext {
  return {
    index,
    importance,
    zoneLevel: (zoneId) => index.rank("securityLevel", index.zones.get(zoneId)?.securityLevel?.target),
    ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
  };
}
