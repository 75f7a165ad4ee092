import type { Conduit, External, Zone } from "../../model/site.js";
import { type Reason, reason } from "../reasons.js";
import type { SiteIndex } from "../site-index.js";
import {
  because,
  type ControlType,
  conduitSubject,
  type ExternalKind,
  hasControl,
  highImportanceRank,
  interactiveProtocols,
  itZoneTypes,
  makeFinding,
  outsideZoneTypes,
  perIndex,
  processZoneTypes,
  protocolKeys,
  reaches,
  remoteProtocols,
  sample,
} from "./helpers.js";
import { ruleTexts } from "./messages.js";
import type { Finding, FindingRule, RuleContext } from "./types.js";

/**
 * Remote access (the supplement's リモート保守, IEC 62443-3-3 SR 1.13 access via untrusted networks):
 * a way for someone outside the plant, or outside the control system, to operate inside it.
 *
 * A conduit is remote access into a zone when traffic can start on the far side and arrive in the zone, and
 *  - the far side is a vendor's remote maintenance (whatever the protocol), or
 *  - the far side is the internet, a partner, another plant or HQ, and the conduit carries a remote
 *    protocol (RDP, VNC, SSH, Telnet, TLS VPN, IPsec) — web traffic and file exchange are not remote access, or
 *  - the far side is a remote-maintenance zone (the landing zone of remote sessions): a hop of remote access, or
 *  - the far side is a business or cloud zone and the conduit carries a remote protocol into the plant.
 *
 * MFA and time limits are usually enforced once, where the session enters: a hop out of a remote-maintenance
 * zone is satisfied when every remote entry into that zone has the control.
 */

const remoteExternalKinds: ReadonlySet<ExternalKind> = new Set<ExternalKind>([
  "internet",
  "partner-network",
  "group-plant",
  "corporate-it",
]);

export interface RemoteAccess {
  conduit: Conduit;
  /** The zone the session arrives in. */
  target: Zone;
  /** Where it starts: an external entity, a remote-maintenance zone (a hop), or a business or cloud zone. */
  source: { external: External } | { hop: Zone } | { itZone: Zone };
  /** For a hop: the remote accesses into the remote-maintenance zone it continues. */
  entries: RemoteAccess[];
  /** The vendors' remote-maintenance entities behind this access (directly or through the hop). */
  vendors: External[];
}

type Source = RemoteAccess["source"];

function classify(index: SiteIndex, conduit: Conduit, sourceId: string, targetId: string) {
  const target = index.zones.get(targetId);
  if (!target || !reaches(conduit, sourceId, targetId)) return undefined;
  const remoteProtocol = protocolKeys(conduit).some((key) => remoteProtocols.has(key));
  const found = (source: Source) => ({ source, target });
  const external = index.externals.get(sourceId);
  if (external) {
    if (external.kind === "vendor-remote-maintenance") return found({ external });
    if (remoteExternalKinds.has(external.kind) && remoteProtocol) return found({ external });
    return undefined;
  }
  const zone = index.zones.get(sourceId);
  if (!zone || zone.type === target.type) return undefined;
  if (zone.type === "remote-maintenance") return found({ hop: zone });
  const outside = itZoneTypes.has(zone.type) || outsideZoneTypes.has(zone.type);
  const inside = !itZoneTypes.has(target.type) && !outsideZoneTypes.has(target.type);
  if (outside && inside && remoteProtocol) return found({ itZone: zone });
  return undefined;
}

/** Every remote access of the site, in conduit order; built once per indexed site. */
export const remoteAccesses = perIndex((index: SiteIndex): RemoteAccess[] => {
  const found: RemoteAccess[] = [];
  for (const conduit of index.conduits.values()) {
    const access =
      classify(index, conduit, conduit.from, conduit.to) ??
      classify(index, conduit, conduit.to, conduit.from);
    if (!access) continue;
    const { source, target } = access;
    const vendors = "external" in source && source.external.kind === "vendor-remote-maintenance";
    found.push({ conduit, target, source, entries: [], vendors: vendors ? [source.external] : [] });
  }
  // Entries into each remote-maintenance zone, then the hops out of it inherit them.
  const entriesOf = new Map<string, RemoteAccess[]>();
  for (const access of found) {
    if (access.target.type !== "remote-maintenance" || "hop" in access.source) continue;
    const list = entriesOf.get(access.target.id);
    if (list) list.push(access);
    else entriesOf.set(access.target.id, [access]);
  }
  for (const access of found) {
    if (!("hop" in access.source)) continue;
    access.entries = entriesOf.get(access.source.hop.id) ?? [];
    access.vendors = access.entries.flatMap((entry) => entry.vendors);
  }
  return found;
});

function sourceId(access: RemoteAccess): string {
  const { source } = access;
  return "external" in source ? source.external.id : "hop" in source ? source.hop.id : source.itZone.id;
}

/** The access has one of the controls itself, or (a hop) every entry before it has one. */
function satisfied(access: RemoteAccess, types: ControlType[]): boolean {
  if (hasControl(access.conduit, ...types)) return true;
  return (
    "hop" in access.source &&
    access.entries.length > 0 &&
    access.entries.every((entry) => hasControl(entry.conduit, ...types))
  );
}

function describe(context: RuleContext, access: RemoteAccess, types: ControlType[]): Reason[] {
  const { index } = context;
  const reasons: Reason[] = [because.end(index, sourceId(access)), because.zoneType(access.target)];
  const remote = protocolKeys(access.conduit).filter((key) => remoteProtocols.has(key));
  if (remote.length > 0) reasons.push(because.protocols(access.conduit, remote));
  reasons.push(...because.missingControls(access.conduit, types));
  const lacking = access.entries.filter((entry) => !hasControl(entry.conduit, ...types));
  if ("hop" in access.source && lacking.length > 0) {
    reasons.push(
      reason("finding.because.via-remote-zone", {
        zone: access.source.hop.id,
        entries: sample(lacking.map((entry) => entry.conduit.id)),
        count: lacking.length,
        control: types,
      }),
    );
  }
  return reasons;
}

const timeControls: ControlType[] = ["time-limited-access", "approval"];

function isHighZone(context: RuleContext, zone: Zone): boolean {
  return (
    context.zoneLevel(zone.id) >= 3 ||
    context.importance.rankOfZone(zone.id) >= highImportanceRank(context.index)
  );
}

function isVendorStanding(context: RuleContext, access: RemoteAccess): boolean {
  return access.vendors.length > 0 && isHighZone(context, access.target) && !satisfied(access, timeControls);
}

export const remoteAccessWithoutMfa: FindingRule = {
  id: "remote-access-without-mfa",
  severity: "high",
  ...ruleTexts("remote-access-without-mfa"),
  references: {
    threagile: "missing-authentication-second-factor",
    iec62443: ["SR 1.1", "SR 1.13"],
    attack: ["T0822", "T0859", "M0932"],
  },
  check(context) {
    const findings: Finding[] = [];
    for (const access of remoteAccesses(context.index)) {
      if (satisfied(access, ["mfa"])) continue;
      findings.push(
        makeFinding(
          this,
          conduitSubject(access.conduit),
          { conduit: access.conduit.id, source: sourceId(access), zone: access.target.id },
          describe(context, access, ["mfa"]),
          processZoneTypes.has(access.target.type) ? { severity: "critical" } : {},
        ),
      );
    }
    return findings;
  },
};

/** Standing access from outside: no time limit and no approval per session. Vendors into high zones are the next rule's. */
export const remoteAccessStanding: FindingRule = {
  id: "remote-access-standing",
  severity: "medium",
  ...ruleTexts("remote-access-standing"),
  references: {
    iec62443: ["SR 1.13", "SR 2.6"],
    attack: ["T0822", "M0801", "M0800"],
  },
  check(context) {
    const findings: Finding[] = [];
    for (const access of remoteAccesses(context.index)) {
      if ("itZone" in access.source) continue; // the plant's own staff from the office: MFA is the bar
      if (satisfied(access, timeControls) || isVendorStanding(context, access)) continue;
      findings.push(
        makeFinding(
          this,
          conduitSubject(access.conduit),
          { conduit: access.conduit.id, source: sourceId(access), zone: access.target.id },
          describe(context, access, timeControls),
        ),
      );
    }
    return findings;
  },
};

/** A vendor that can reach a zone of level 3 or more, or of high importance, at any time. */
export const vendorStandingAccess: FindingRule = {
  id: "vendor-standing-access",
  severity: "high",
  ...ruleTexts("vendor-standing-access"),
  references: {
    iec62443: ["SR 1.13", "SR 2.6"],
    attack: ["T0822", "T0886", "M0801", "M0817"],
  },
  check(context) {
    const findings: Finding[] = [];
    for (const access of remoteAccesses(context.index)) {
      if (!isVendorStanding(context, access)) continue;
      const vendors = [...new Set(access.vendors.map((vendor) => vendor.id))];
      findings.push(
        makeFinding(
          this,
          conduitSubject(access.conduit),
          { conduit: access.conduit.id, vendors: sample(vendors), zone: access.target.id },
          [
            ...describe(context, access, timeControls),
            because.zoneLevel(access.target),
            because.zoneImportance(context, access.target),
            ...("hop" in access.source ? access.vendors.slice(0, 5).map(because.externalKind) : []),
          ],
          processZoneTypes.has(access.target.type) ? { severity: "critical" } : {},
        ),
      );
    }
    return findings;
  },
};

/** Engineering workstations hold the project files and the tools that reprogram controllers (T0873, T0843). */
const ewsOfZone = perIndex((index: SiteIndex) => {
  const map = new Map<string, string[]>();
  const jumpZones = new Set<string>();
  for (const [zoneId, assets] of index.assetsOfZone) {
    const types = index.assetTypesOfZone.get(zoneId);
    if (!types?.has("engineering-workstation") && !types?.has("jump-host")) continue;
    const ews = assets.filter((asset) => asset.type === "engineering-workstation").map((asset) => asset.id);
    if (ews.length > 0) map.set(zoneId, ews);
    if (assets.some((asset) => asset.type === "jump-host")) jumpZones.add(zoneId);
  }
  return { ews: map, jumpZones };
});

export const engineeringWorkstationWithoutJumpHost: FindingRule = {
  id: "engineering-workstation-without-jump-host",
  severity: "medium",
  ...ruleTexts("engineering-workstation-without-jump-host"),
  references: {
    iec62443: ["SR 1.13", "SR 2.1", "SR 5.1"],
    attack: ["T0886", "T0823", "T0873", "M0930"],
  },
  check({ index }) {
    const { ews, jumpZones } = ewsOfZone(index);
    const findings: Finding[] = [];
    for (const conduit of index.conduits.values()) {
      const interactive = protocolKeys(conduit).filter((key) => interactiveProtocols.has(key));
      if (interactive.length === 0 || hasControl(conduit, "jump-host")) continue;
      for (const [source, target] of [
        [conduit.from, conduit.to],
        [conduit.to, conduit.from],
      ] as const) {
        const workstations = ews.get(target);
        const zone = index.zones.get(target);
        if (!workstations || !zone || !reaches(conduit, source, target) || jumpZones.has(source)) continue;
        findings.push(
          makeFinding(
            this,
            conduitSubject(conduit),
            { conduit: conduit.id, zone: target, source },
            [
              because.assets("finding.because.engineering-workstations", zone, workstations),
              because.end(index, source),
              because.protocols(conduit, interactive),
              ...because.missingControls(conduit, ["jump-host"]),
            ],
            index.externals.has(source) ? { severity: "high" } : {},
          ),
        );
        break;
      }
    }
    return findings;
  },
};

export const remoteAccessRules: FindingRule[] = [
  remoteAccessWithoutMfa,
  remoteAccessStanding,
  vendorStandingAccess,
  engineeringWorkstationWithoutJumpHost,
];
