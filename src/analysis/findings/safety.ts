import type { AssetType } from "../../model/vocabulary.js";
import {
  because,
  conduitSubject,
  type ExternalKind,
  endsOf,
  humanExternalKinds,
  isDevice,
  makeFinding,
  otherEnd,
  transientExternalKinds,
  type ZoneType,
  zoneSubject,
} from "./helpers.js";
import { ruleTexts } from "./messages.js";
import type { Finding, FindingRule } from "./types.js";

/**
 * The safety instrumented system is the last layer that protects people when control fails; it must not
 * share its network with the control it guards, nor be reachable from beyond it (IEC 61511 independence;
 * IEC 62443-3-3 SR 5.1; ATT&CK for ICS T0837 Loss of Protection, T0880 Loss of Safety).
 */

/** What belongs in a safety network: the safety controllers, their safety I/O, and the plumbing. */
const safetyCompatible: ReadonlySet<AssetType> = new Set<AssetType>([
  "safety-plc",
  "field-io",
  "switch",
  "firewall",
  "data-diode",
  "router",
]);

export const safetySharedZone: FindingRule = {
  id: "safety-shared-zone",
  severity: "high",
  ...ruleTexts("safety-shared-zone"),
  references: {
    threagile: "missing-network-segmentation",
    iec62443: ["SR 5.1"],
    attack: ["T0837", "T0880", "M0812", "M0930"],
  },
  check({ index }) {
    const findings: Finding[] = [];
    for (const zone of index.zones.values()) {
      const safetyZone = zone.type === "safety";
      if (!safetyZone && !index.assetTypesOfZone.get(zone.id)?.has("safety-plc")) continue;
      const devices = (index.assetsOfZone.get(zone.id) ?? []).filter((asset) => isDevice(asset.type));
      const safety = devices.filter((asset) =>
        safetyZone ? safetyCompatible.has(asset.type) : asset.type === "safety-plc",
      );
      const others = devices.filter((asset) => !safetyCompatible.has(asset.type));
      if (safety.length === 0 || others.length === 0) continue;
      findings.push(
        makeFinding(
          this,
          zoneSubject(zone),
          { zone: zone.id, safetyCount: safety.length, otherCount: others.length },
          [
            because.zoneType(zone),
            because.assets(
              "finding.because.safety-assets",
              zone,
              safety.map((asset) => asset.id),
            ),
            because.assets(
              "finding.because.non-safety-assets",
              zone,
              others.map((asset) => asset.id),
            ),
          ],
        ),
      );
    }
    return findings;
  },
};

const safetyNeighbours: ReadonlySet<ZoneType> = new Set<ZoneType>(["control", "field", "safety"]);
/** Entry points with rules of their own (media, laptops, radio) or everywhere anyway (people, premises). */
const coveredElsewhere: ReadonlySet<ExternalKind> = new Set<ExternalKind>([
  ...humanExternalKinds,
  ...transientExternalKinds,
  "wireless",
]);

export const safetyZoneBeyondControl: FindingRule = {
  id: "safety-zone-beyond-control",
  severity: "critical",
  ...ruleTexts("safety-zone-beyond-control"),
  references: {
    iec62443: ["SR 5.1", "SR 5.2"],
    attack: ["T0837", "T0880", "M0812", "M0930"],
  },
  check({ index }) {
    const findings: Finding[] = [];
    for (const conduit of index.conduits.values()) {
      const safety = endsOf(index, conduit).zones.find((zone) => zone.type === "safety");
      if (!safety) continue;
      const otherId = otherEnd(conduit, safety.id);
      const other = index.zones.get(otherId);
      const external = index.externals.get(otherId);
      if (other && safetyNeighbours.has(other.type)) continue;
      if (external && coveredElsewhere.has(external.kind)) continue;
      findings.push(
        makeFinding(this, conduitSubject(conduit), { conduit: conduit.id, zone: safety.id, other: otherId }, [
          because.zoneType(safety),
          because.end(index, otherId),
        ]),
      );
    }
    return findings;
  },
};

export const safetyRules: FindingRule[] = [safetySharedZone, safetyZoneBeyondControl];
