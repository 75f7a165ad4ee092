import { because, highImportanceRank, makeFinding, zoneSubject } from "./helpers.js";
import { ruleTexts } from "./messages.js";
import type { Finding, FindingRule } from "./types.js";

/**
 * Step 1-7: every zone needs a target security level, and the level must match what the zone protects.
 * Without one, the boundary rules cannot compare zones.
 */
export const zoneWithoutSecurityLevel: FindingRule = {
  id: "zone-without-security-level",
  severity: "low",
  ...ruleTexts("zone-without-security-level"),
  // Target levels are IEC 62443-3-2 (zone and conduit requirements), which has no SR ids of its own.
  check({ index }) {
    const findings: Finding[] = [];
    for (const zone of index.zones.values()) {
      if (zone.securityLevel !== undefined) continue;
      findings.push(
        makeFinding(this, zoneSubject(zone), { zone: zone.id }, [
          because.zoneType(zone),
          because.zoneLevel(zone),
        ]),
      );
    }
    return findings;
  },
};

/** A highly important zone held at the lowest level of the scale (SL 1: casual misuse only). */
export const securityLevelBelowImportance: FindingRule = {
  id: "security-level-below-importance",
  severity: "medium",
  ...ruleTexts("security-level-below-importance"),
  // Target levels are IEC 62443-3-2 (zone and conduit requirements), which has no SR ids of its own.
  check(context) {
    const { index } = context;
    const lowest = Math.min(...index.scales.securityLevel.map((level) => level.value));
    const high = highImportanceRank(index);
    const findings: Finding[] = [];
    for (const zone of index.zones.values()) {
      if (zone.securityLevel === undefined || context.zoneLevel(zone.id) !== lowest) continue;
      if (context.importance.rankOfZone(zone.id) < high) continue;
      findings.push(
        makeFinding(
          this,
          zoneSubject(zone),
          {
            zone: zone.id,
            securityLevel: zone.securityLevel.target,
            importance: context.importance.zones.get(zone.id)?.value ?? "",
          },
          [because.zoneImportance(context, zone), because.zoneLevel(zone)],
        ),
      );
    }
    return findings;
  },
};

export const levelRules: FindingRule[] = [zoneWithoutSecurityLevel, securityLevelBelowImportance];
