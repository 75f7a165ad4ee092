import type { Conduit, External, Zone } from "../../model/site.js";
import type { SiteIndex } from "../site-index.js";
import {
  because,
  conduitSubject,
  type ExternalKind,
  itZoneTypes,
  makeFinding,
  otherEnd,
  otZoneTypes,
  processZoneTypes,
} from "./helpers.js";
import { ruleTexts } from "./messages.js";
import type { Finding, FindingRule } from "./types.js";

/**
 * Production zones reached straight from outside the control system: the cloud or the internet without a
 * DMZ in between, and business IT without a DMZ (the Purdue model's level 3.5).
 */

const cloudOrInternet: ReadonlySet<ExternalKind> = new Set<ExternalKind>(["internet", "cloud-service"]);

/**
 * The first end of a conduit that is a production zone and whose other end matches, for the two rules
 * below: both ask "what does this production zone touch directly?".
 */
function productionEndFacing(
  index: SiteIndex,
  conduit: Conduit,
  farMatches: (far: { zone?: Zone; external?: External }) => boolean,
): { zone: Zone; farId: string } | undefined {
  for (const id of [conduit.from, conduit.to]) {
    const zone = index.zones.get(id);
    if (!zone || !otZoneTypes.has(zone.type)) continue;
    const farId = otherEnd(conduit, id);
    const far: { zone?: Zone; external?: External } = {};
    const farZone = index.zones.get(farId);
    const farExternal = index.externals.get(farId);
    if (farZone) far.zone = farZone;
    if (farExternal) far.external = farExternal;
    if (farMatches(far)) return { zone, farId };
  }
  return undefined;
}

/** Critical for control, safety and field zones; high for MES and the unconnected line. */
export const otZoneToCloudOrInternet: FindingRule = {
  id: "ot-zone-to-cloud-or-internet",
  severity: "critical",
  ...ruleTexts("ot-zone-to-cloud-or-internet"),
  references: {
    threagile: "unguarded-access-from-internet",
    iec62443: ["SR 5.1", "SR 5.2"],
    attack: ["T0883", "T0822", "M0930", "M0937"],
  },
  check({ index }) {
    const findings: Finding[] = [];
    for (const conduit of index.conduits.values()) {
      const found = productionEndFacing(
        index,
        conduit,
        ({ zone, external }) =>
          zone?.type === "cloud" || (external !== undefined && cloudOrInternet.has(external.kind)),
      );
      if (!found) continue;
      const { zone, farId } = found;
      findings.push(
        makeFinding(
          this,
          conduitSubject(conduit),
          { conduit: conduit.id, zone: zone.id, outside: farId },
          [because.zoneType(zone), because.end(index, farId), because.direction(conduit)],
          processZoneTypes.has(zone.type) ? {} : { severity: "high" },
        ),
      );
    }
    return findings;
  },
};

const businessExternals: ReadonlySet<ExternalKind> = new Set<ExternalKind>([
  "corporate-it",
  "partner-network",
  "group-plant",
]);

/** Business IT (office, enterprise, HQ, partners, other plants) joined straight to a production zone. */
export const dmzBypass: FindingRule = {
  id: "dmz-bypass",
  severity: "high",
  ...ruleTexts("dmz-bypass"),
  references: {
    cset: "diagram rule 1",
    threagile: "missing-network-segmentation",
    iec62443: ["SR 5.1", "SR 5.2"],
    attack: ["T0886", "T0866", "M0930"],
  },
  check({ index }) {
    const findings: Finding[] = [];
    for (const conduit of index.conduits.values()) {
      const found = productionEndFacing(
        index,
        conduit,
        ({ zone, external }) =>
          (zone !== undefined && itZoneTypes.has(zone.type)) ||
          (external !== undefined && businessExternals.has(external.kind)),
      );
      if (!found) continue;
      const { zone, farId } = found;
      findings.push(
        makeFinding(
          this,
          conduitSubject(conduit),
          { conduit: conduit.id, zone: zone.id, business: farId },
          [because.zoneType(zone), because.end(index, farId)],
          processZoneTypes.has(zone.type) ? { severity: "critical" } : {},
        ),
      );
    }
    return findings;
  },
};

export const outsideRules: FindingRule[] = [otZoneToCloudOrInternet, dmzBypass];
