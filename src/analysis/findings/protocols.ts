import type { Conduit } from "../../model/site.js";
import { protocols } from "../../model/vocabulary.js";
import type { Reason } from "../reasons.js";
import type { SiteIndex } from "../site-index.js";
import {
  because,
  conduitSubject,
  type ExternalKind,
  endsOf,
  humanExternalKinds,
  infrastructureProtocols,
  isEncrypted,
  itZoneTypes,
  makeFinding,
  networkExternalKinds,
  type ProtocolKey,
  protocolKeys,
  reaches,
  type ZoneType,
  zoneDepth,
} from "./helpers.js";
import { ruleTexts } from "./messages.js";
import type { Finding, FindingRule } from "./types.js";

/**
 * What crosses the conduits: industrial protocols that take any command from anyone who can reach them,
 * cleartext leaving the plant, and conduits whose traffic nobody wrote down.
 */

/** How deep each end sits (externals are outside: 0); undefined where the zone type has no place on that axis. */
function depthOf(index: SiteIndex, id: string): number | undefined {
  const zone = index.zones.get(id);
  return zone ? zoneDepth(zone) : 0;
}

/**
 * An industrial protocol with no authentication at all (Modbus/TCP, S7comm, MC protocol, FINS, EtherNet/IP
 * without CIP Security, PROFINET…) on a conduit leaving its zone: whoever can reach the conduit can write to
 * the controllers (ATT&CK for ICS T0855 Unauthorized Command Message). High when the traffic can arrive in
 * the deeper zone from the shallower side (a write path into control); medium when it only leaves the
 * deeper zone, or runs between zones of the same depth.
 */
export const otProtocolWithoutAuthentication: FindingRule = {
  id: "ot-protocol-without-authentication",
  severity: "high",
  ...ruleTexts("ot-protocol-without-authentication"),
  references: {
    threagile: "missing-authentication",
    iec62443: ["SR 1.2", "SR 3.1", "SR 5.1"],
    attack: ["T0855", "T0831", "T0843", "M0802", "M0937"],
  },
  check({ index }) {
    const findings: Finding[] = [];
    for (const conduit of index.conduits.values()) {
      const open = protocolKeys(conduit).filter(
        (key) => protocols[key].ot && protocols[key].authentication === "none",
      );
      if (open.length === 0) continue;
      const fromDepth = depthOf(index, conduit.from);
      const toDepth = depthOf(index, conduit.to);
      let inward = true;
      if (fromDepth !== undefined && toDepth !== undefined) {
        if (fromDepth === toDepth) inward = false;
        else {
          const [outer, inner] =
            fromDepth < toDepth ? [conduit.from, conduit.to] : [conduit.to, conduit.from];
          inward = reaches(conduit, outer, inner);
        }
      }
      findings.push(
        makeFinding(
          this,
          conduitSubject(conduit),
          { conduit: conduit.id, protocols: open, from: conduit.from, to: conduit.to },
          [
            because.protocols(conduit, open, "finding.because.protocols-without-authentication"),
            because.end(index, conduit.from),
            because.end(index, conduit.to),
            because.direction(conduit),
          ],
          inward ? {} : { severity: "medium" },
        ),
      );
    }
    return findings;
  },
};

function cleartext(conduit: Conduit, accept: (offer: string) => boolean): ProtocolKey[] {
  if (isEncrypted(conduit)) return [];
  return protocolKeys(conduit).filter(
    (key) => !infrastructureProtocols.has(key) && !accept(protocols[key].encryption),
  );
}

const externalNetworks: ReadonlySet<ExternalKind> = new Set(
  [...networkExternalKinds].filter((kind) => kind !== "cloud-service"),
);

/** Cleartext (a protocol with no encryption at all, no VPN, no encryption control) to a network outside the plant. */
export const cleartextToExternal: FindingRule = {
  id: "cleartext-to-external",
  severity: "medium",
  ...ruleTexts("cleartext-to-external"),
  references: {
    cset: "diagram rule 6",
    threagile: "unencrypted-communication",
    iec62443: ["SR 4.1", "SR 3.1"],
    attack: ["T0842", "T0830", "M0808"],
  },
  check({ index }) {
    const findings: Finding[] = [];
    for (const conduit of index.conduits.values()) {
      const { zones, externals } = endsOf(index, conduit);
      const external = externals[0];
      if (!external || zones.length === 0 || !externalNetworks.has(external.kind)) continue;
      const clear = cleartext(conduit, (offer) => offer !== "none");
      if (clear.length === 0) continue;
      findings.push(
        makeFinding(
          this,
          conduitSubject(conduit),
          { conduit: conduit.id, external: external.id, protocols: clear },
          [
            because.protocols(conduit, clear, "finding.because.protocols-without-encryption"),
            because.externalKind(external),
            ...because.missingControls(conduit, ["encryption", "vpn"]),
          ],
          clear.some((key) => protocols[key].ot) ? { severity: "high" } : {},
        ),
      );
    }
    return findings;
  },
};

/** Plant data to or from a cloud with a protocol whose encryption is not built in, and no VPN or encryption in force. */
export const cloudLinkWithoutEncryption: FindingRule = {
  id: "cloud-link-without-encryption",
  severity: "high",
  ...ruleTexts("cloud-link-without-encryption"),
  references: {
    threagile: "unencrypted-communication",
    iec62443: ["SR 4.1", "SR 3.1"],
    attack: ["T0842", "T0830", "M0808"],
  },
  check({ index }) {
    const findings: Finding[] = [];
    for (const conduit of index.conduits.values()) {
      const { zones, externals } = endsOf(index, conduit);
      const cloud =
        zones.find((zone) => zone.type === "cloud") ??
        externals.find((external) => external.kind === "cloud-service");
      const plant = zones.find((zone) => zone.type !== "cloud" && zone.type !== "external-service");
      if (!cloud || !plant) continue;
      const clear = cleartext(conduit, (offer) => offer === "built-in");
      if (clear.length === 0) continue;
      findings.push(
        makeFinding(
          this,
          conduitSubject(conduit),
          { conduit: conduit.id, cloud: cloud.id, zone: plant.id, protocols: clear },
          [
            because.protocols(conduit, clear, "finding.because.protocols-without-encryption"),
            because.end(index, cloud.id),
            ...because.missingControls(conduit, ["encryption", "vpn"]),
          ],
        ),
      );
    }
    return findings;
  },
};

/** Traffic nobody wrote down cannot be filtered or checked (Threagile's incomplete model). */
export const conduitWithoutProtocols: FindingRule = {
  id: "conduit-without-protocols",
  severity: "low",
  ...ruleTexts("conduit-without-protocols"),
  references: {
    threagile: "incomplete-model",
    iec62443: ["SR 5.1", "SR 7.7"],
    attack: ["M0807"],
  },
  check({ index }) {
    const findings: Finding[] = [];
    for (const conduit of index.conduits.values()) {
      if ((conduit.protocols ?? []).length > 0) continue;
      if (conduit.medium === "manual" || conduit.medium === "removable-media") continue;
      const { externals } = endsOf(index, conduit);
      if (externals.some((external) => humanExternalKinds.has(external.kind))) continue;
      findings.push(
        makeFinding(this, conduitSubject(conduit), { conduit: conduit.id }, [because.medium(conduit)]),
      );
    }
    return findings;
  },
};

/** Read-only data collection: what a historian replica, an MQTT uplink or a cloud dashboard needs. */
const telemetryProtocols: ReadonlySet<ProtocolKey> = new Set<ProtocolKey>([
  "opc-ua",
  "opc-da",
  "mqtt",
  "mqtts",
  "amqp",
  "mtconnect",
  "syslog",
  "snmp",
]);
const collectingZones: ReadonlySet<ZoneType> = new Set<ZoneType>([
  ...itZoneTypes,
  "dmz",
  "cloud",
  "external-service",
]);
const collectingExternals: ReadonlySet<ExternalKind> = new Set<ExternalKind>([
  "internet",
  "cloud-service",
  "corporate-it",
  "partner-network",
  "group-plant",
]);
const producingZones: ReadonlySet<ZoneType> = new Set<ZoneType>([
  "mes-operations",
  "control",
  "safety",
  "field",
]);

/**
 * A conduit that only carries data collection out of production, yet is open both ways: a one-way link or a
 * data diode would deliver the same data and close the way back in.
 */
export const bidirectionalWhereOneWayWouldDo: FindingRule = {
  id: "bidirectional-where-one-way-would-do",
  severity: "low",
  ...ruleTexts("bidirectional-where-one-way-would-do"),
  references: {
    iec62443: ["SR 5.1", "SR 5.2"],
    attack: ["T0882", "M0930", "M0937"],
  },
  check({ index }) {
    const findings: Finding[] = [];
    for (const conduit of index.conduits.values()) {
      if (conduit.direction !== "bidirectional") continue;
      const keys = protocolKeys(conduit);
      if (keys.length === 0 || !keys.every((key) => telemetryProtocols.has(key))) continue;
      const { zones, externals } = endsOf(index, conduit);
      const producer = zones.find((zone) => producingZones.has(zone.type));
      const consumer: Reason | undefined = [
        ...zones.filter((zone) => zone !== producer && collectingZones.has(zone.type)).map(because.zoneType),
        ...externals.filter((external) => collectingExternals.has(external.kind)).map(because.externalKind),
      ][0];
      if (!producer || !consumer) continue;
      findings.push(
        makeFinding(
          this,
          conduitSubject(conduit),
          { conduit: conduit.id, zone: producer.id, protocols: keys },
          [
            because.protocols(conduit, keys, "finding.because.telemetry-only"),
            because.zoneType(producer),
            consumer,
            because.direction(conduit),
          ],
        ),
      );
    }
    return findings;
  },
};

export const protocolRules: FindingRule[] = [
  otProtocolWithoutAuthentication,
  cleartextToExternal,
  cloudLinkWithoutEncryption,
  conduitWithoutProtocols,
  bidirectionalWhereOneWayWouldDo,
];
