import type { Conduit, Control, External, Zone } from "../../model/site.js";
import { type AssetType, assetTypes, protocols } from "../../model/vocabulary.js";
import { type Reason, reason, type Subject } from "../reasons.js";
import type { SiteIndex } from "../site-index.js";
import type { Finding, FindingRule, RuleContext, Severity } from "./types.js";

/**
 * What the rules share: the OT reading of the vocabularies (which zone types are inside the plant's
 * control system, which entry points are networks), conduit facts (who can reach whom, which controls are
 * in force), and the reasons every rule explains itself with.
 */

export type ZoneType = Zone["type"];
export type ExternalKind = External["kind"];
export type ControlType = Control["type"];
export type ProtocolKey = keyof typeof protocols;

// ---------------------------------------------------------------------------------------------------------
// Zone types and entry kinds, read the OT way (Purdue levels, IEC 62443 zones)

/** The plant's production systems: MES (level 3) down to control, safety and field (levels 2–0). */
export const otZoneTypes: ReadonlySet<ZoneType> = new Set<ZoneType>([
  "mes-operations",
  "control",
  "safety",
  "field",
  "unconnected-line",
]);

/** Where the physical process is controlled: an incident here moves machines. */
export const processZoneTypes: ReadonlySet<ZoneType> = new Set<ZoneType>(["control", "safety", "field"]);

/** Business-side zones and the zones outside the plant. */
export const itZoneTypes: ReadonlySet<ZoneType> = new Set<ZoneType>(["enterprise-it", "office"]);
export const outsideZoneTypes: ReadonlySet<ZoneType> = new Set<ZoneType>(["cloud", "external-service"]);

/** Entry points that are networks (as opposed to media, people, radio or premises). */
export const networkExternalKinds: ReadonlySet<ExternalKind> = new Set<ExternalKind>([
  "internet",
  "cloud-service",
  "vendor-remote-maintenance",
  "partner-network",
  "corporate-it",
  "group-plant",
  "supplier-update",
]);

/** Transient cyber assets: media and laptops carried into the plant (ATT&CK for ICS T0847, T0864). */
export const transientExternalKinds: ReadonlySet<ExternalKind> = new Set<ExternalKind>([
  "removable-media",
  "maintenance-pc",
]);

/** People and premises: reach every zone, carry no protocol of their own. */
export const humanExternalKinds: ReadonlySet<ExternalKind> = new Set<ExternalKind>([
  "physical-access",
  "insider",
]);

/**
 * How far inside the plant a zone type sits, outermost 0: the direction of trust a data diode must follow
 * (data leaves the deeper zone). Building services and "other" have no place on this axis.
 */
const zoneDepths: Partial<Record<ZoneType, number>> = {
  cloud: 0,
  "external-service": 0,
  "enterprise-it": 1,
  office: 1,
  "remote-maintenance": 1,
  dmz: 2,
  "mes-operations": 3,
  control: 4,
  field: 4,
  "unconnected-line": 4,
  safety: 5,
};

export function zoneDepth(zone: Zone): number | undefined {
  return zoneDepths[zone.type];
}

// ---------------------------------------------------------------------------------------------------------
// Protocols

/** Interactive remote access: a person at a screen or a shell, or a tunnel that carries one. */
export const remoteProtocols: ReadonlySet<ProtocolKey> = new Set<ProtocolKey>([
  "rdp",
  "vnc",
  "ssh",
  "telnet",
  "tls-vpn",
  "ipsec",
]);
export const interactiveProtocols: ReadonlySet<ProtocolKey> = new Set<ProtocolKey>([
  "rdp",
  "vnc",
  "ssh",
  "telnet",
]);
export const tunnelProtocols: ReadonlySet<ProtocolKey> = new Set<ProtocolKey>(["tls-vpn", "ipsec"]);
/** Infrastructure services whose cleartext carries no plant data; not reported as cleartext. */
export const infrastructureProtocols: ReadonlySet<ProtocolKey> = new Set<ProtocolKey>(["dns", "ntp"]);

export function protocolKeys(conduit: Conduit): ProtocolKey[] {
  const seen = new Set<ProtocolKey>();
  for (const use of conduit.protocols ?? []) seen.add(use.protocol);
  return [...seen];
}

export function isOtProtocol(key: ProtocolKey): boolean {
  return protocols[key].ot;
}

/** The conduit carries an IPsec or TLS VPN, or declares a VPN or encryption control in force. */
export function isEncrypted(conduit: Conduit): boolean {
  return (
    hasControl(conduit, "encryption", "vpn") || protocolKeys(conduit).some((key) => tunnelProtocols.has(key))
  );
}

// ---------------------------------------------------------------------------------------------------------
// Conduits

/** A control without a status is in force; a planned one is not. */
export function isImplemented(control: Control): boolean {
  return (control.status ?? "implemented") === "implemented";
}

export function hasControl(conduit: Conduit, ...types: ControlType[]): boolean {
  return (conduit.controls ?? []).some((control) => types.includes(control.type) && isImplemented(control));
}

/** Of the given control types, those the conduit declares only as planned. */
export function plannedOnly(conduit: Conduit, types: readonly ControlType[]): ControlType[] {
  const planned = new Set<ControlType>();
  for (const control of conduit.controls ?? [])
    if (types.includes(control.type) && !isImplemented(control)) planned.add(control.type);
  return types.filter((type) => planned.has(type) && !hasControl(conduit, type));
}

/** Traffic can start at `source` and arrive at `target` (one-way and data-diode run from → to). */
export function reaches(conduit: Conduit, source: string, target: string): boolean {
  if (conduit.from === source && conduit.to === target) return true;
  return conduit.direction === "bidirectional" && conduit.from === target && conduit.to === source;
}

export function otherEnd(conduit: Conduit, id: string): string {
  return conduit.from === id ? conduit.to : conduit.from;
}

/**
 * Controls through which nothing passes unchecked: a firewall, an allow-list, a protocol break, or a jump
 * host (sessions end on it; only what it relays goes on).
 */
export const filteringControls: readonly ControlType[] = [
  "firewall",
  "allow-listing",
  "protocol-break",
  "jump-host",
];

/** Traffic on the conduit is filtered: one of the filtering controls in force, or a data diode. */
export function isFiltered(conduit: Conduit): boolean {
  return conduit.direction === "data-diode" || hasControl(conduit, ...filteringControls);
}

/** The two ends of a conduit, each either a zone or an external entity. */
export interface Ends {
  zones: Zone[];
  externals: External[];
}

/** Memoise a derived table per indexed site, so several rules share one linear pass. */
export function perIndex<T>(build: (index: SiteIndex) => T): (index: SiteIndex) => T {
  const cache = new WeakMap<SiteIndex, T>();
  return (index) => {
    const cached = cache.get(index);
    if (cached !== undefined) return cached;
    const value = build(index);
    cache.set(index, value);
    return value;
  };
}

/** Both ends of every conduit, resolved once per indexed site (most rules ask). */
const endsTable = perIndex(() => new Map<string, Ends>());

export function endsOf(index: SiteIndex, conduit: Conduit): Ends {
  const table = endsTable(index);
  const cached = table.get(conduit.id);
  if (cached) return cached;
  const zones: Zone[] = [];
  const externals: External[] = [];
  for (const id of [conduit.from, conduit.to]) {
    const zone = index.zones.get(id);
    if (zone) zones.push(zone);
    const external = index.externals.get(id);
    if (external) externals.push(external);
  }
  const ends = { zones, externals };
  table.set(conduit.id, ends);
  return ends;
}

// ---------------------------------------------------------------------------------------------------------
// Assets

export function isDevice(type: AssetType): boolean {
  return assetTypes[type].category === "device";
}

/** The importance rank from which a zone counts as highly important: 'high' on the scale, else the second highest. */
export function highImportanceRank(index: SiteIndex): number {
  const levels = index.scales.importance;
  const high = levels.find((level) => level.key === "high");
  if (high) return high.value;
  const values = levels.map((level) => level.value).sort((a, b) => b - a);
  return values[1] ?? values[0] ?? Number.POSITIVE_INFINITY;
}

/** At most `limit` items for a message (what the i18n layer lists); the count goes beside them. */
export function sample<T>(items: readonly T[], limit = 12): T[] {
  return items.slice(0, limit);
}

// ---------------------------------------------------------------------------------------------------------
// Findings and their reasons

export function makeFinding(
  rule: Pick<FindingRule, "id" | "severity">,
  subject: Subject,
  params: Reason["params"],
  because: Reason[],
  options: { variant?: string; severity?: Severity } = {},
): Finding {
  return {
    id: `${rule.id}:${subject.kind}:${subject.id}`,
    rule: rule.id,
    severity: options.severity ?? rule.severity,
    subject,
    message: reason(`finding.${rule.id}.${options.variant ?? "message"}`, params),
    fix: reason(`finding.${rule.id}.fix`, params),
    because,
  };
}

export const conduitSubject = (conduit: Conduit): Subject => ({ kind: "conduit", id: conduit.id });
export const zoneSubject = (zone: Zone): Subject => ({ kind: "zone", id: zone.id });

export const because = {
  zoneLevel(zone: Zone): Reason {
    const level = zone.securityLevel?.target;
    return level === undefined
      ? reason("finding.because.zone-level-none", { zone: zone.id })
      : reason("finding.because.zone-level", { zone: zone.id, securityLevel: level });
  },
  zoneType(zone: Zone): Reason {
    return reason("finding.because.zone-type", { zone: zone.id, zoneType: zone.type });
  },
  externalKind(external: External): Reason {
    return reason("finding.because.external-kind", { external: external.id, entry: external.kind });
  },
  end(index: SiteIndex, id: string): Reason {
    const zone = index.zones.get(id);
    if (zone) return because.zoneType(zone);
    const external = index.externals.get(id);
    return external
      ? because.externalKind(external)
      : reason("finding.because.zone-type", { zone: id, zoneType: "other" });
  },
  zoneImportance(context: RuleContext, zone: Zone): Reason {
    const derived = context.importance.zones.get(zone.id);
    return reason(
      "finding.because.zone-importance",
      { zone: zone.id, importance: derived?.value ?? "" },
      derived?.reasons,
    );
  },
  direction(conduit: Conduit): Reason {
    return reason("finding.because.direction", {
      conduit: conduit.id,
      direction: conduit.direction,
      from: conduit.from,
      to: conduit.to,
    });
  },
  medium(conduit: Conduit): Reason {
    return conduit.medium === undefined
      ? reason("finding.because.medium-none", { conduit: conduit.id })
      : reason("finding.because.medium", { conduit: conduit.id, medium: conduit.medium });
  },
  protocols(conduit: Conduit, keys: readonly string[], code = "finding.because.protocols"): Reason {
    return reason(code, { conduit: conduit.id, protocols: [...keys] });
  },
  /** The controls that would satisfy the rule are missing; those only planned are named as such. */
  missingControls(conduit: Conduit, types: readonly ControlType[]): Reason[] {
    const reasons = [
      reason("finding.because.missing-controls", { conduit: conduit.id, control: [...types] }),
    ];
    const planned = plannedOnly(conduit, types);
    if (planned.length > 0)
      reasons.push(reason("finding.because.planned-controls", { conduit: conduit.id, control: planned }));
    return reasons;
  },
  assets(code: string, zone: Zone, ids: readonly string[]): Reason {
    return reason(code, { zone: zone.id, assets: sample(ids), count: ids.length });
  },
};
