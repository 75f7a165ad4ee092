import type { Conduit } from "../../model/site.js";
import type { SiteIndex } from "../site-index.js";
import {
  because,
  conduitSubject,
  hasControl,
  humanExternalKinds,
  makeFinding,
  otherEnd,
  otZoneTypes,
  protocolKeys,
  reaches,
  transientExternalKinds,
} from "./helpers.js";
import { ruleTexts } from "./messages.js";
import type { Finding, FindingRule } from "./types.js";

/**
 * Transient cyber assets: USB sticks and laptops carried in (the seed's 外部記憶媒体, 持込み保守PC). In an
 * unconnected line they are the only way in, which is why they must be scanned before use.
 */

/** The conduit carries media or a laptop from `source` (an external of those kinds, or a media medium). */
function isTransient(index: SiteIndex, conduit: Conduit, source: string): boolean {
  const external = index.externals.get(source);
  if (external && transientExternalKinds.has(external.kind)) return true;
  return conduit.medium === "removable-media" || protocolKeys(conduit).includes("usb");
}

export const removableMediaWithoutScanning: FindingRule = {
  id: "removable-media-without-scanning",
  severity: "high",
  ...ruleTexts("removable-media-without-scanning"),
  references: {
    iec62443: ["SR 3.2", "SR 2.3"],
    attack: ["T0847", "T0864", "M0949", "M0934"],
  },
  check({ index }) {
    const findings: Finding[] = [];
    for (const conduit of index.conduits.values()) {
      if (hasControl(conduit, "malware-scanning")) continue;
      for (const target of [conduit.to, conduit.from]) {
        const zone = index.zones.get(target);
        const source = otherEnd(conduit, target);
        if (!zone || !otZoneTypes.has(zone.type) || !reaches(conduit, source, target)) continue;
        if (!isTransient(index, conduit, source)) continue;
        findings.push(
          makeFinding(this, conduitSubject(conduit), { conduit: conduit.id, zone: zone.id, source }, [
            because.end(index, source),
            because.zoneType(zone),
            ...because.missingControls(conduit, ["malware-scanning"]),
          ]),
        );
        break;
      }
    }
    return findings;
  },
};

/** A zone declared unconnected that has a network conduit: the air gap exists on paper only. */
export const unconnectedLineNetworked: FindingRule = {
  id: "unconnected-line-networked",
  severity: "high",
  ...ruleTexts("unconnected-line-networked"),
  references: {
    iec62443: ["SR 5.1"],
    attack: ["T0883", "T0886", "M0930"],
  },
  check({ index }) {
    const findings: Finding[] = [];
    for (const conduit of index.conduits.values()) {
      if (conduit.medium === "removable-media" || conduit.medium === "manual") continue;
      for (const id of [conduit.from, conduit.to]) {
        const zone = index.zones.get(id);
        if (zone?.type !== "unconnected-line") continue;
        const farId = otherEnd(conduit, id);
        const external = index.externals.get(farId);
        if (external && (transientExternalKinds.has(external.kind) || humanExternalKinds.has(external.kind)))
          continue;
        if (protocolKeys(conduit).every((key) => key === "usb") && (conduit.protocols ?? []).length > 0)
          continue;
        findings.push(
          makeFinding(this, conduitSubject(conduit), { conduit: conduit.id, zone: zone.id, other: farId }, [
            because.zoneType(zone),
            because.end(index, farId),
            because.medium(conduit),
          ]),
        );
        break;
      }
    }
    return findings;
  },
};

export const transientRules: FindingRule[] = [removableMediaWithoutScanning, unconnectedLineNetworked];
