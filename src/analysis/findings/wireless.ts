import type { Conduit } from "../../model/site.js";
import type { AssetType } from "../../model/vocabulary.js";
import type { SiteIndex } from "../site-index.js";
import {
  because,
  conduitSubject,
  hasControl,
  makeFinding,
  otherEnd,
  reaches,
  type ZoneType,
} from "./helpers.js";
import { ruleTexts } from "./messages.js";
import type { Finding, FindingRule } from "./types.js";

/**
 * Radio reaches beyond the fence: a wireless or cellular link that ends inside a control or safety zone lets
 * anyone in range (or on the mobile network) stand on the control network (ATT&CK for ICS T0860, T0887).
 * The fix is to end the radio in a zone of its own behind a firewall; a link that already has a firewall and
 * authentication in force is reported at medium.
 */

const controlZones: ReadonlySet<ZoneType> = new Set<ZoneType>(["control", "safety"]);
const radioAssets: ReadonlySet<AssetType> = new Set<AssetType>(["wireless-ap", "wireless-network"]);

function isRadio(index: SiteIndex, conduit: Conduit): boolean {
  if (conduit.medium === "wireless" || conduit.medium === "cellular") return true;
  return [conduit.from, conduit.to].some((id) => index.externals.get(id)?.kind === "wireless");
}

export const wirelessIntoControlZone: FindingRule = {
  id: "wireless-into-control-zone",
  severity: "high",
  ...ruleTexts("wireless-into-control-zone"),
  references: {
    cset: "diagram rule 6",
    iec62443: ["SR 1.6", "SR 5.1"],
    attack: ["T0860", "T0887", "M0806", "M0930"],
  },
  check({ index }) {
    const findings: Finding[] = [];
    const radioZones = new Set<string>();
    for (const conduit of index.conduits.values()) {
      if (!isRadio(index, conduit)) continue;
      radioZones.add(conduit.from);
      radioZones.add(conduit.to);
      for (const id of [conduit.to, conduit.from]) {
        const zone = index.zones.get(id);
        const source = otherEnd(conduit, id);
        if (!zone || !controlZones.has(zone.type) || !reaches(conduit, source, id)) continue;
        const segmented = hasControl(conduit, "firewall") && hasControl(conduit, "authentication");
        findings.push(
          makeFinding(
            this,
            conduitSubject(conduit),
            { conduit: conduit.id, zone: zone.id },
            [
              because.medium(conduit),
              because.end(index, source),
              because.zoneType(zone),
              ...because.missingControls(conduit, ["firewall", "authentication"]),
            ],
            segmented ? { severity: "medium" } : {},
          ),
        );
        break;
      }
    }
    // An access point inside a control zone with no radio conduit drawn: the link exists all the same.
    for (const zone of index.zones.values()) {
      if (!controlZones.has(zone.type) || radioZones.has(zone.id)) continue;
      for (const asset of index.assetsOfZone.get(zone.id) ?? []) {
        if (!radioAssets.has(asset.type)) continue;
        findings.push(
          makeFinding(
            this,
            { kind: "asset", id: asset.id },
            { asset: asset.id, zone: zone.id },
            [because.assets("finding.because.radio-assets", zone, [asset.id]), because.zoneType(zone)],
            { variant: "asset" },
          ),
        );
      }
    }
    return findings;
  },
};

export const wirelessRules: FindingRule[] = [wirelessIntoControlZone];
