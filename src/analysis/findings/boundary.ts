import { reason } from "../reasons.js";
import {
  because,
  conduitSubject,
  endsOf,
  filteringControls,
  hasControl,
  isFiltered,
  isImplemented,
  itZoneTypes,
  makeFinding,
  networkExternalKinds,
  otherEnd,
  otZoneTypes,
  outsideZoneTypes,
  processZoneTypes,
  reaches,
  sample,
  type ZoneType,
} from "./helpers.js";
import { ruleTexts } from "./messages.js";
import type { Finding, FindingRule } from "./types.js";

/**
 * Boundary protection (IEC 62443-3-3 SR 5.1 / 5.2): every conduit that crosses from one level of trust to
 * another needs something that filters the traffic — a firewall, an allow-list, a protocol break, or a
 * data diode — and the filter must actually restrict it.
 */

/** Zones of different target security levels joined without a filter (CSET diagram rule 1). */
export const zoneBoundaryWithoutFiltering: FindingRule = {
  id: "zone-boundary-without-filtering",
  severity: "high",
  ...ruleTexts("zone-boundary-without-filtering"),
  references: {
    cset: "diagram rule 1",
    threagile: "missing-network-segmentation",
    iec62443: ["SR 5.1", "SR 5.2"],
    attack: ["M0930", "M0937"],
  },
  check({ index, zoneLevel }) {
    const findings: Finding[] = [];
    for (const conduit of index.conduits.values()) {
      const from = index.zones.get(conduit.from);
      const to = index.zones.get(conduit.to);
      if (!from || !to) continue;
      const fromLevel = zoneLevel(from.id);
      const toLevel = zoneLevel(to.id);
      // An undeclared level is reported by zone-without-security-level, not guessed at here.
      if (fromLevel === 0 || toLevel === 0 || fromLevel === toLevel || isFiltered(conduit)) continue;
      const higher = fromLevel > toLevel ? from : to;
      findings.push(
        makeFinding(
          this,
          conduitSubject(conduit),
          { conduit: conduit.id, from: from.id, to: to.id, higher: higher.id },
          [
            because.zoneLevel(from),
            because.zoneLevel(to),
            ...because.missingControls(conduit, filteringControls),
          ],
          higher.type === "safety" ? { severity: "critical" } : {},
        ),
      );
    }
    return findings;
  },
};

const itSide: ReadonlySet<ZoneType> = new Set<ZoneType>([
  ...itZoneTypes,
  ...outsideZoneTypes,
  "dmz",
  "remote-maintenance",
]);

/**
 * The IT/OT boundary unfiltered even where both sides have the same target level (or one is undeclared):
 * a business, DMZ, remote-maintenance or cloud zone joined straight to a production zone. Conduits already
 * reported for differing levels are left to that rule.
 */
export const itOtBoundaryWithoutFiltering: FindingRule = {
  id: "it-ot-boundary-without-filtering",
  severity: "high",
  ...ruleTexts("it-ot-boundary-without-filtering"),
  references: {
    cset: "diagram rule 1",
    threagile: "missing-network-segmentation",
    iec62443: ["SR 5.1", "SR 5.2"],
    attack: ["T0886", "M0930", "M0937"],
  },
  check({ index, zoneLevel }) {
    const findings: Finding[] = [];
    for (const conduit of index.conduits.values()) {
      const from = index.zones.get(conduit.from);
      const to = index.zones.get(conduit.to);
      if (!from || !to || isFiltered(conduit)) continue;
      const it = itSide.has(from.type) ? from : itSide.has(to.type) ? to : undefined;
      const ot = otZoneTypes.has(to.type) ? to : otZoneTypes.has(from.type) ? from : undefined;
      if (!it || !ot || it === ot) continue;
      const fromLevel = zoneLevel(from.id);
      const toLevel = zoneLevel(to.id);
      if (fromLevel !== 0 && toLevel !== 0 && fromLevel !== toLevel) continue;
      findings.push(
        makeFinding(this, conduitSubject(conduit), { conduit: conduit.id, it: it.id, ot: ot.id }, [
          because.zoneType(it),
          because.zoneType(ot),
          ...because.missingControls(conduit, filteringControls),
        ]),
      );
    }
    return findings;
  },
};

/** A network outside the plant (internet, vendor, partner, HQ, other plant, update channel) joined to a plant zone without a filter (CSET diagram rule 5). */
export const externalLinkWithoutFiltering: FindingRule = {
  id: "external-link-without-filtering",
  severity: "high",
  ...ruleTexts("external-link-without-filtering"),
  references: {
    cset: "diagram rule 5",
    threagile: "unguarded-access-from-internet",
    iec62443: ["SR 5.1", "SR 5.2"],
    attack: ["T0822", "T0883", "M0937"],
  },
  check({ index }) {
    const findings: Finding[] = [];
    for (const conduit of index.conduits.values()) {
      const { zones, externals } = endsOf(index, conduit);
      const zone = zones[0];
      const external = externals[0];
      if (!zone || !external || !networkExternalKinds.has(external.kind)) continue;
      // The cloud zone is the provider's side; its own access is the provider's boundary, not the plant's.
      if (outsideZoneTypes.has(zone.type) || isFiltered(conduit)) continue;
      const inner = otZoneTypes.has(zone.type) || zone.type === "dmz" || zone.type === "remote-maintenance";
      const reasons = [
        because.externalKind(external),
        because.zoneType(zone),
        ...because.missingControls(conduit, filteringControls),
      ];
      if (conduit.medium === "cellular") reasons.push(because.medium(conduit));
      findings.push(
        makeFinding(
          this,
          conduitSubject(conduit),
          { conduit: conduit.id, external: external.id, zone: zone.id },
          reasons,
          inner ? {} : { severity: "medium" },
        ),
      );
    }
    return findings;
  },
};

/**
 * A firewall in force whose allow rule names no protocol and no port: any service passes between the two
 * sides, so the firewall segments on paper only (the 'temporary allow-all').
 */
export const permissiveFirewallRule: FindingRule = {
  id: "permissive-firewall-rule",
  severity: "medium",
  ...ruleTexts("permissive-firewall-rule"),
  references: {
    iec62443: ["SR 5.1", "SR 5.2"],
    attack: ["M0807", "M0937"],
  },
  check({ index }) {
    const findings: Finding[] = [];
    for (const conduit of index.conduits.values()) {
      if (!hasControl(conduit, "firewall")) continue;
      const loose = (conduit.controls ?? []).flatMap((control) =>
        control.type === "firewall" && isImplemented(control)
          ? (control.rules ?? []).filter(
              (rule) => rule.action === "allow" && rule.protocol === undefined && rule.port === undefined,
            )
          : [],
      );
      if (loose.length === 0) continue;
      const intoProcess = endsOf(index, conduit).zones.some(
        (zone) => processZoneTypes.has(zone.type) && reaches(conduit, otherEnd(conduit, zone.id), zone.id),
      );
      findings.push(
        makeFinding(
          this,
          conduitSubject(conduit),
          { conduit: conduit.id, count: loose.length },
          sample(loose).map((rule) =>
            reason("finding.because.allow-any-rule", {
              conduit: conduit.id,
              source: rule.source ?? "any",
              destination: rule.destination ?? "any",
            }),
          ),
          intoProcess ? { severity: "high" } : {},
        ),
      );
    }
    return findings;
  },
};

export const boundaryRules: FindingRule[] = [
  zoneBoundaryWithoutFiltering,
  itOtBoundaryWithoutFiltering,
  externalLinkWithoutFiltering,
  permissiveFirewallRule,
];
