import type { Conduit } from "../../model/site.js";
import { reason } from "../reasons.js";
import {
  because,
  hasControl,
  makeFinding,
  plannedOnly,
  sample,
  type ZoneType,
  zoneSubject,
} from "./helpers.js";
import { ruleTexts } from "./messages.js";
import type { Finding, FindingRule } from "./types.js";

/**
 * Seeing an attack in time is Step 3's OODA 'observe': a zone of the control system none of whose conduits
 * is logged or monitored can be entered unseen (CSET diagram rule 2: an IDS behind every firewall;
 * IEC 62443-3-3 SR 6.2). The unconnected line has no network to watch and is left out.
 */
const watchedZones: ReadonlySet<ZoneType> = new Set<ZoneType>([
  "dmz",
  "remote-maintenance",
  "mes-operations",
  "control",
  "safety",
  "field",
]);

export const zoneWithoutMonitoring: FindingRule = {
  id: "zone-without-monitoring",
  severity: "medium",
  ...ruleTexts("zone-without-monitoring"),
  references: {
    cset: "diagram rule 2",
    iec62443: ["SR 2.8", "SR 6.2"],
    attack: ["M0947", "M0931"],
  },
  check({ index }) {
    const findings: Finding[] = [];
    for (const zone of index.zones.values()) {
      if (!watchedZones.has(zone.type)) continue;
      const conduits: Conduit[] = index.conduitsOf.get(zone.id) ?? [];
      if (conduits.length === 0 || conduits.some((c) => hasControl(c, "logging", "monitoring"))) continue;
      const planned = conduits.filter((c) => plannedOnly(c, ["logging", "monitoring"]).length > 0);
      const reasons = [
        because.zoneType(zone),
        reason("finding.because.conduits-unwatched", {
          zone: zone.id,
          conduits: sample(conduits.map((c) => c.id)),
          count: conduits.length,
        }),
      ];
      if (planned.length > 0)
        reasons.push(
          reason("finding.because.planned-monitoring", {
            zone: zone.id,
            conduits: sample(planned.map((c) => c.id)),
            count: planned.length,
          }),
        );
      findings.push(makeFinding(this, zoneSubject(zone), { zone: zone.id, count: conduits.length }, reasons));
    }
    return findings;
  },
};

export const monitoringRules: FindingRule[] = [zoneWithoutMonitoring];
