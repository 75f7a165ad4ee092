import { reason } from "../reasons.js";
import { because, conduitSubject, makeFinding, zoneDepth } from "./helpers.js";
import { ruleTexts } from "./messages.js";
import type { Finding, FindingRule } from "./types.js";

/**
 * A data diode protects the zone data leaves: it must point out of the more protected zone (CSET diagram
 * rule 7). Which zone is more protected is read first from where the zone types sit in the plant (safety,
 * field and control inside MES, MES inside the DMZ, the DMZ inside business IT and the cloud), and only
 * where the types do not tell (same depth, building services, other) from the target security levels: a
 * historian replica from MES (SL 2) to a DMZ held at SL 3 points the right way even though the levels rise.
 * A diode from an external entity into a zone protects nothing of the plant.
 */
export const dataDiodeAgainstDirection: FindingRule = {
  id: "data-diode-against-direction",
  severity: "high",
  ...ruleTexts("data-diode-against-direction"),
  references: {
    cset: "diagram rule 7",
    iec62443: ["SR 5.1", "SR 5.2"],
    attack: ["M0930", "M0937"],
  },
  check({ index, zoneLevel }) {
    const findings: Finding[] = [];
    for (const conduit of index.conduits.values()) {
      if (conduit.direction !== "data-diode") continue;
      const from = index.zones.get(conduit.from);
      const to = index.zones.get(conduit.to);
      const source = index.externals.get(conduit.from);
      if (source && to) {
        findings.push(
          makeFinding(
            this,
            conduitSubject(conduit),
            { conduit: conduit.id, from: source.id, to: to.id },
            [because.externalKind(source), because.zoneType(to), because.direction(conduit)],
            { variant: "from-external" },
          ),
        );
        continue;
      }
      if (!from || !to) continue;
      const fromDepth = zoneDepth(from);
      const toDepth = zoneDepth(to);
      const params = { conduit: conduit.id, from: from.id, to: to.id };
      if (fromDepth !== undefined && toDepth !== undefined && fromDepth !== toDepth) {
        if (fromDepth > toDepth) continue;
        findings.push(
          makeFinding(this, conduitSubject(conduit), params, [
            reason("finding.because.zone-depth", { inner: to.id, outer: from.id }),
            because.zoneType(from),
            because.zoneType(to),
            because.direction(conduit),
          ]),
        );
        continue;
      }
      const fromLevel = zoneLevel(from.id);
      const toLevel = zoneLevel(to.id);
      if (fromLevel === 0 || toLevel === 0 || fromLevel >= toLevel) continue;
      findings.push(
        makeFinding(this, conduitSubject(conduit), params, [
          because.zoneLevel(from),
          because.zoneLevel(to),
          because.direction(conduit),
        ]),
      );
    }
    return findings;
  },
};

export const diodeRules: FindingRule[] = [dataDiodeAgainstDirection];
