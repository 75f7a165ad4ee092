import { boundaryRules } from "./boundary.js";
import { diodeRules } from "./diode.js";
import { levelRules } from "./levels.js";
import { lifecycleRules } from "./lifecycle.js";
import { monitoringRules } from "./monitoring.js";
import { outsideRules } from "./outside.js";
import { protocolRules } from "./protocols.js";
import { remoteAccessRules } from "./remote-access.js";
import { safetyRules } from "./safety.js";
import { segmentationRules } from "./segmentation.js";
import { transientRules } from "./transient.js";
import { type Finding, type FindingRule, type RuleContext, severityRank } from "./types.js";
import { wirelessRules } from "./wireless.js";

export { findingMessages } from "./messages.js";
export {
  createRuleContext,
  type Finding,
  type FindingReferences,
  type FindingRule,
  type RuleContext,
  type Severity,
  severityRank,
} from "./types.js";

/**
 * Step 2-2's network view as rules (issue 3, item 6): each rule is a small module that reads the indexed
 * site and returns its findings. To add one, write a `FindingRule`, put its texts in messages.ts and list it
 * here. Every rule is linear in the size of the site.
 */
export const findingRules: FindingRule[] = [
  ...boundaryRules,
  ...remoteAccessRules,
  ...protocolRules,
  ...diodeRules,
  ...safetyRules,
  ...outsideRules,
  ...transientRules,
  ...wirelessRules,
  ...segmentationRules,
  ...monitoringRules,
  ...lifecycleRules,
  ...levelRules,
];

function compare(a: Finding, b: Finding): number {
  return (
    severityRank[b.severity] - severityRank[a.severity] ||
    compareText(a.rule, b.rule) ||
    compareText(a.subject.id, b.subject.id) ||
    compareText(a.subject.kind, b.subject.kind)
  );
}

/** Code-point order: the same on every platform and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Runs the rules; findings sorted by severity (highest first), then rule, then subject id. */
export function runFindingRules(
  context: RuleContext,
  rules: readonly FindingRule[] = findingRules,
): Finding[] {
  return rules.flatMap((rule) => rule.check(context)).sort(compare);
}
