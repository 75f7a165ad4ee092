import type { Asset, Conduit, Control } from "../model/site.js";
import { assetTypes, type controlTypes, type externalKinds, protocols } from "../model/vocabulary.js";
import type { ImportanceResult } from "./importance.js";
import { type Reason, reason } from "./reasons.js";
import type { SiteIndex } from "./site-index.js";

/**
 * Attack paths (issue 3, item 5): from every entry point of the model (its external entities) over
 * conduits to every important asset, each hop weighted by the conduit's controls and protocols, each
 * target weighted by its own missing hardening. For each target: the k easiest paths, the minimum set
 * of conduits whose change cuts every path to it, and, site-wide, the conduits that the most easy paths
 * cross.
 *
 * Pure and deterministic: no I/O, no clock (dates come from the model or the caller), sorted output.
 *
 * The graph: nodes are zones and external entities, edges are conduits. Attackers start at an external
 * entity and never pass through one. A bidirectional conduit is crossed either way; `one-way` and
 * `data-diode` from `from` to `to`. A data diode is physics: its reverse does not exist. A one-way rule
 * set is configuration: it can be crossed backwards (reply traffic, a rule mistake, the firewall itself
 * attacked), at a high extra cost, and the hop says so.
 *
 * Targets are the assets whose derived importance reaches the minimum (default "high"). An asset is
 * reached in its zone; data or software in no zone, in the zones of the assets it is hosted on; anything
 * else in no zone (a substation, a WAN link) is not reachable over the network and is listed as
 * `unzoned` — the option `implicitEntries` reaches it, and every zone, from the pseudo-entries "insider"
 * and "physical", as people on site do. All assets of a zone share its network route, so paths and cuts
 * are computed per zone, and each target adds its own final step.
 *
 * Costs are attacker effort in points: lower is easier. Every weight below is our own judgement, chosen
 * so that the order of paths matches what OT security practice would expect (an unprotected vendor
 * connection is easier than a route through three firewalls and MFA); they are not taken from a standard
 * and they are not probabilities. They are named constants so they can be argued with and changed.
 */

type ExternalKind = keyof typeof externalKinds;
type ControlType = keyof typeof controlTypes;
type ProtocolKey = keyof typeof protocols;

// ---------------------------------------------------------------------------------------------------------
// Weights (our judgement; see above)

/** What it takes to stand at an entry point at all, before the first conduit. */
export const ENTRY_COST: Readonly<Record<ExternalKind, number>> = {
  /** Anyone, anywhere, with automated scanning. */
  internet: 0,
  /**
   * Remote-access appliances and remote desktop are the most common way ransomware enters Japanese
   * companies in the National Police Agency's yearly reports; the vendor's endpoints, shared accounts and
   * own lines are outside the plant's control.
   */
  "vendor-remote-maintenance": 2,
  /** A large IT estate where phishing and compromised office PCs are routine. */
  "corporate-it": 2,
  /** Another plant of the group: a similar estate, usually trusted too much. */
  "group-plant": 3,
  /** Needs the provider's platform or the tenant's credentials. */
  "cloud-service": 4,
  /** Needs a foothold in a partner first. */
  "partner-network": 4,
  /** Someone must carry the medium in and plug it. */
  "removable-media": 4,
  /** Someone must bring the laptop in and connect it. */
  "maintenance-pc": 4,
  /** Needs presence within radio range of the plant. */
  wireless: 7,
  /** Needs a malicious or coerced person inside. */
  insider: 8,
  /** Compromising a supplier's update channel is rare and hard, though it reaches far. */
  "supplier-update": 8,
  /** Needs presence on site, past the gate and its controls. */
  "physical-access": 10,
};

export const HOP_COST = {
  /** Crossing any conduit takes some work: finding it, speaking its protocol. */
  base: 2,
  /** A hop never becomes free, however weak: the attacker still has to act. */
  minimum: 1,
  /** Crossing a one-way rule set backwards: a misconfiguration, reply traffic or the firewall itself. */
  oneWayReverse: 10,
} as const;

/**
 * Each implemented control type on a conduit adds its cost once (a second firewall of the same conduit
 * adds nothing more: it is usually the same policy twice). Planned controls add nothing unless the
 * caller asks for the planned view.
 */
export const CONTROL_COST: Readonly<Record<ControlType, number>> = {
  /** Filters what may cross; more with explicit rules (FIREWALL_RULES_COST). */
  firewall: 3,
  /** Keeps outsiders off the line, but stolen or shared VPN credentials are common. */
  vpn: 3,
  /** Stolen passwords alone no longer work: the largest single step up for remote access. */
  mfa: 10,
  /** The attacker lands on a hardened, monitored host, not on the target network. */
  "jump-host": 8,
  /** Only listed peers or programs get through. */
  "allow-listing": 4,
  /** A credential is needed (but may be shared or weak). */
  authentication: 3,
  /** Defeats sniffing and tampering on the way, not a logged-in attacker. */
  encryption: 2,
  /** No standing access: the attacker must time the attack to an open window. */
  "time-limited-access": 3,
  /** A person approves each connection: an unexpected session is noticed. */
  approval: 3,
  /** Detection after the fact, not prevention: small. */
  "session-recording": 1,
  /** Detection, not prevention: small. */
  monitoring: 2,
  /** Detection after the fact, not prevention: smallest. */
  logging: 1,
  /** On a network conduit only a partial filter; on carried media see MEDIA_SCANNING_COST. */
  "malware-scanning": 2,
  /** The attacker cannot speak to the far side directly; a proxy must be subverted first. */
  "protocol-break": 5,
};

/** A firewall with explicit rules, none of them allowing every service. */
export const FIREWALL_RULES_COST = 3;
/** Malware scanning on a conduit that carries media or brought-in devices: the main control there. */
export const MEDIA_SCANNING_COST = 3;

export const PROTOCOL_COST = {
  /** An OT protocol without authentication: once adjacent, the attacker speaks it directly. */
  unauthenticatedOt: -2,
  /** RDP, VNC, SSH or a VPN: interactive access, the attacker works as an operator would. */
  interactive: -1,
} as const;

/**
 * The final step on the target asset itself, from what the model says of its hardening. Known
 * vulnerabilities of the installed products join here later (issue 6, advisory matching).
 */
export const TARGET_COST = {
  /** Taking over a device once its network is reached still takes work. */
  base: 3,
  /** 汎用品: off-the-shelf, widely known, its security not specified by the buyer. */
  generalPurpose: -1,
  /** A device whose firmware version nobody recorded is unlikely to be patched. */
  firmwareUnknown: -1,
  /** Security support known to have ended: known holes stay open. */
  supportEnded: -2,
  minimum: 0,
} as const;

/**
 * Capacity of a conduit in the minimum cut: what changing it costs, in units of "one conduit changed".
 * A conduit that an operation needs cannot simply be removed; it has to be hardened (MFA, jump host,
 * diode), which is dearer. Money from countermeasures is reported beside the cut (`knownCost`) but not
 * mixed into it: most conduits have no price, and a price beside a unit count would make every conduit
 * without one look free.
 */
export const CUT_CAPACITY = { conduit: 1, neededByOperation: 2 } as const;

const interactiveProtocols: ReadonlySet<ProtocolKey> = new Set(["rdp", "vnc", "ssh", "tls-vpn", "ipsec"]);
const mediaKinds: ReadonlySet<ExternalKind> = new Set([
  "removable-media",
  "maintenance-pc",
  "supplier-update",
]);

// ---------------------------------------------------------------------------------------------------------
// Results

export interface PathHop {
  conduit: string;
  from: string;
  to: string;
  cost: number;
  /** Every contribution to the cost, each with its `cost` param; they add up to `cost`. */
  reasons: Reason[];
}

export interface AttackPath {
  /** `path:<entry>→<conduit ids joined by '>'>→<target>` */
  id: string;
  /** External id, or the pseudo-entries "insider" / "physical" (option `implicitEntries`). */
  entry: string;
  entryKind: string;
  /** Asset id. */
  target: string;
  targetZone: string;
  hops: PathHop[];
  /** Total cost, lower = easier: entryCost + the hops' costs + targetCost. */
  score: number;
  entryCost: number;
  targetCost: number;
  /**
   * The entry ("entry", shared with the zone path) and the target ("target": the asset, its importance
   * and the contributions to the final step's cost, shared by the target's paths); for an asset reached
   * through its hosts, "target-via-host" between them.
   */
  reasons: Reason[];
}

export interface CutConduit {
  conduit: string;
  /** Its capacity in the cut (CUT_CAPACITY). */
  capacity: number;
  /** How many of the target's k easiest paths cross it. */
  pathsCut: number;
  suggestion: Reason;
  /** Cheapest cost of a not yet implemented countermeasure of the site that applies to the conduit. */
  knownCost?: number;
}

export interface PathCut {
  /** The conduits to change, sorted by id. */
  conduits: string[];
  /** Sum of their capacities. */
  cost: number;
  /** How many of the target's k easiest paths the cut as a whole cuts (all of them). */
  pathsCut: number;
  /** One suggestion per conduit, in the order of `conduits`. */
  suggestion: Reason[];
  perConduit: CutConduit[];
  /** The zones the cut separates from every entry. */
  zones: string[];
}

export interface ConduitRank {
  conduit: string;
  /** Easy paths (of all targets' k easiest) crossing it. */
  paths: number;
  /** Targets with at least one easy path crossing it. */
  targets: number;
  /** Targets whose easiest path crosses it. */
  easiest: number;
  /** Targets whose minimum cut contains it. */
  cuts: number;
  knownCost?: number;
  suggestion: Reason;
}

export interface BlockedHop {
  conduit: string;
  from: string;
  to: string;
  reasons: Reason[];
}

/**
 * Everything is computed per zone; what is per target is built on first use (`pathsFor`, `cutFor`, or
 * all at once through the getters `paths`, `pathsByTarget` and `cutsByTarget`, each built once): a
 * plant of 100k important assets has 300k paths, and most readers want a few targets, the cuts or the
 * ranking. The getters are ordinary enumerable properties for JSON.stringify and spreading.
 */
export interface PathAnalysis {
  /** Every target's k easiest paths: targets by id, then by score, then by path id. */
  readonly paths: AttackPath[];
  readonly pathsByTarget: Map<string, AttackPath[]>;
  /** One target's k easiest paths, easiest first (empty for an asset that is not a target). */
  pathsFor(target: string): AttackPath[];
  /** Zone id → its k easiest network paths (entry cost + hops; no target step), easiest first. */
  zonePaths: Map<string, ZonePath[]>;
  /** Target → the minimum cut between it and every entry (targets with a path only). A getter too. */
  readonly cutsByTarget: Map<string, PathCut>;
  /** One target's minimum cut; undefined when it has no path (or is not a target). */
  cutFor(target: string): PathCut | undefined;
  /**
   * "The few changes that would cut the most paths": most easy paths first, then most easiest paths,
   * then most cuts, then the cheapest known change.
   */
  conduitRanking: ConduitRank[];
  /** Target asset ids (importance at or above the minimum), sorted. */
  targets: string[];
  /** Targets no entry reaches over conduits. */
  unreachable: string[];
  /** Targets in no zone and hosted on nothing in a zone: not reachable over the network. */
  unzoned: string[];
  /** Directions no attacker can take: the reverse of each data diode. */
  blocked: BlockedHop[];
  /**
   * Every way an attacker can cross a conduit (conduit, from, to), with its cost and reasons, in the
   * conduits' document order. A path's hops are these very objects: what a crossing costs depends only
   * on the conduit and the direction, so a report can state each crossing's reasons once.
   */
  crossings: PathHop[];
  /** The external entities that start at least one path, sorted. */
  entries: string[];
  /** The date support ends were compared with (option, else the latest past date in the model). */
  asOf?: string;
  k: number;
  minimumImportanceRank: number;
}

export interface ZonePath {
  entry: string;
  entryKind: string;
  zone: string;
  hops: PathHop[];
  conduits: string[];
  /** entryCost + the hops' costs. */
  cost: number;
  entryCost: number;
  /** The entry. */
  reasons: Reason[];
}

export interface PathOptions {
  /** Easiest paths per target; default 3. */
  k?: number;
  /** Targets are assets whose derived importance ranks at least this; default: the rank of "high". */
  minimumImportanceRank?: number;
  /** Count `status: planned` controls as if implemented: the view after the plan. Default false. */
  includePlanned?: boolean;
  /**
   * The day support periods are compared with. The analysis has no clock: by default it is the latest
   * date in the model that has already happened (implementation, evidence and installation dates), so
   * a support end before it has certainly passed.
   */
  asOf?: string;
  /**
   * Add, per target, the pseudo-entries "insider" and "physical": people on site reach every zone
   * without a conduit (as exposure.ts counts them). They are not network paths: they are added beside
   * the k easiest, take no part in cuts or the ranking, and reach unzoned targets too. Default false.
   */
  implicitEntries?: boolean;
  /**
   * Keeps the zone-level work (graph, k-best labels, zone routes) between runs of one analyzer: it depends
   * only on the zones, externals and conduits, which an asset edit leaves untouched. Compared by identity,
   * so it is only for callers that replace what they edit (see createAnalyzer).
   */
  memo?: PathMemo;
}

/** Zone-level results of a previous run and what they were computed from. */
export interface PathMemo {
  key?: readonly unknown[];
  routes?: ZoneRoutes;
}

interface ZoneRoutes {
  graph: Graph;
  entryNodes: number[];
  zonePaths: Map<string, ZonePath[]>;
  routesOfZone: Map<string, Route[]>;
  /**
   * Minimum cuts by set of target zones, found on first need. They depend on the graph alone (capacities
   * come from the conduits), so they are kept with it: after an asset edit no cut is searched again.
   */
  cuts: Map<string, { conduits: number[]; capacity: number }>;
  flow?: FlowNetwork;
  /**
   * Each set of target zones' routes and cut as reported, and the conduits' suggestions: they also
   * depend on the site's countermeasures (known costs, pending plans), so they are kept only while those
   * are the same (`reachesFor`).
   */
  reaches: Map<string, Reach>;
  suggestions: Map<number, Reason>;
  reachesFor?: unknown;
}

/** A set of target zones (one zone, or the zones of a hosted asset's hosts): its k paths and its cut. */
interface Reach {
  routes: Route[];
  cut?: PathCut;
  cutConduits: number[];
}

/** A zone path with what the targets need of it: the start of its ids, its conduit numbers. */
interface Route {
  path: ZonePath;
  /** `path:<entry>→<conduits>→`: a target's path id is this and the target's id. */
  prefix: string;
  conduits: number[];
}

// ---------------------------------------------------------------------------------------------------------
// Hop costs

function implemented(control: Control, includePlanned: boolean): boolean {
  return control.status !== "planned" || includePlanned;
}

/** An allow rule naming no protocol and no port lets every service through. */
function allowsEverything(rule: NonNullable<Control["rules"]>[number]): boolean {
  return rule.action === "allow" && rule.protocol === undefined && rule.port === undefined;
}

function isMediaBorne(conduit: Conduit, fromKind: ExternalKind | undefined): boolean {
  return (
    conduit.medium === "removable-media" ||
    conduit.medium === "manual" ||
    (conduit.protocols ?? []).some((p) => p.protocol === "usb") ||
    (fromKind !== undefined && mediaKinds.has(fromKind))
  );
}

interface ConduitCost {
  cost: number;
  reasons: Reason[];
}

function conduitCost(
  conduit: Conduit,
  fromKind: ExternalKind | undefined,
  includePlanned: boolean,
): ConduitCost {
  const id = conduit.id;
  const reasons: Reason[] = [reason("hop-base", { conduit: id, cost: HOP_COST.base })];
  let sum: number = HOP_COST.base;
  const counted = new Set<ControlType>();
  const planned = new Set<ControlType>();
  const controls = conduit.controls ?? [];
  for (const control of controls) {
    if (!implemented(control, includePlanned)) {
      planned.add(control.type);
      continue;
    }
    if (counted.has(control.type)) continue;
    counted.add(control.type);
    const cost = CONTROL_COST[control.type];
    sum += cost;
    reasons.push(
      reason(`control-${control.type}`, {
        conduit: id,
        cost,
        ...(control.status === "planned" ? { status: "planned" } : {}),
        ...(control.device ? { device: control.device } : {}),
      }),
    );
  }
  if (counted.has("firewall")) {
    const firewalls = controls.filter((c) => c.type === "firewall" && implemented(c, includePlanned));
    const ruled = firewalls.find(
      (c) => (c.rules?.length ?? 0) > 0 && !(c.rules ?? []).some(allowsEverything),
    );
    if (ruled) {
      sum += FIREWALL_RULES_COST;
      reasons.push(
        reason("firewall-rules", { conduit: id, rules: ruled.rules?.length ?? 0, cost: FIREWALL_RULES_COST }),
      );
    } else if (firewalls.some((c) => (c.rules ?? []).some(allowsEverything))) {
      reasons.push(reason("firewall-allow-all", { conduit: id, cost: 0 }));
    }
  }
  if (counted.has("malware-scanning") && isMediaBorne(conduit, fromKind)) {
    sum += MEDIA_SCANNING_COST;
    reasons.push(reason("media-scanning", { conduit: id, cost: MEDIA_SCANNING_COST }));
  }
  for (const type of [...planned].sort()) {
    if (counted.has(type)) continue;
    reasons.push(
      reason("control-planned", { conduit: id, control: type, cost: 0, wouldAdd: CONTROL_COST[type] }),
    );
  }
  if (counted.size === 0) reasons.push(reason("no-controls", { conduit: id, cost: 0 }));

  const used = (conduit.protocols ?? []).map((p) => p.protocol);
  const unauthenticated = [
    ...new Set(used.filter((p) => protocols[p].ot && protocols[p].authentication === "none")),
  ];
  if (unauthenticated.length > 0) {
    sum += PROTOCOL_COST.unauthenticatedOt;
    reasons.push(
      reason("protocol-unauthenticated", {
        conduit: id,
        protocols: unauthenticated.sort(),
        cost: PROTOCOL_COST.unauthenticatedOt,
      }),
    );
  }
  const interactive = [...new Set(used.filter((p) => interactiveProtocols.has(p)))];
  if (interactive.length > 0) {
    sum += PROTOCOL_COST.interactive;
    reasons.push(
      reason("protocol-interactive", {
        conduit: id,
        protocols: interactive.sort(),
        cost: PROTOCOL_COST.interactive,
      }),
    );
  }
  if (sum < HOP_COST.minimum) {
    reasons.push(reason("hop-minimum", { conduit: id, cost: HOP_COST.minimum - sum }));
    sum = HOP_COST.minimum;
  }
  return { cost: sum, reasons };
}

// ---------------------------------------------------------------------------------------------------------
// The graph

interface Graph {
  /** zones first, then externals */
  ids: string[];
  zoneCount: number;
  indexOf: Map<string, number>;
  /** CSR adjacency: arcs leaving node n are arcOrder[adjStart[n] .. adjStart[n+1]) */
  adjStart: Int32Array;
  arcTo: Int32Array;
  arcFrom: Int32Array;
  arcCost: Float64Array;
  arcConduit: Int32Array;
  arcHop: PathHop[];
  conduits: Conduit[];
  blocked: BlockedHop[];
  /** The arcs' hops in the conduits' document order. */
  crossings: PathHop[];
}

function buildGraph(index: SiteIndex, includePlanned: boolean): Graph {
  const ids = [...index.zones.keys()];
  const zoneCount = ids.length;
  ids.push(...index.externals.keys());
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  const conduits = [...index.conduits.values()];
  const from: number[] = [];
  const to: number[] = [];
  const cost: number[] = [];
  const owner: number[] = [];
  const hops: PathHop[] = [];
  const blocked: BlockedHop[] = [];
  const isZone = (n: number) => n < zoneCount;

  conduits.forEach((conduit, ci) => {
    const a = indexOf.get(conduit.from);
    const b = indexOf.get(conduit.to);
    if (a === undefined || b === undefined || a === b) return;
    const fromKind = isZone(a) ? undefined : index.externals.get(conduit.from)?.kind;
    const toKind = isZone(b) ? undefined : index.externals.get(conduit.to)?.kind;
    const base = conduitCost(conduit, fromKind ?? toKind, includePlanned);
    const add = (u: number, v: number, c: number, reasons: Reason[]) => {
      // Attackers never route through an external entity, nor end at one.
      if (!isZone(v)) return;
      from.push(u);
      to.push(v);
      cost.push(c);
      owner.push(ci);
      hops.push({ conduit: conduit.id, from: ids[u] as string, to: ids[v] as string, cost: c, reasons });
    };
    add(a, b, base.cost, base.reasons);
    if (conduit.direction === "bidirectional") add(b, a, base.cost, base.reasons);
    else if (conduit.direction === "one-way")
      add(b, a, base.cost + HOP_COST.oneWayReverse, [
        ...base.reasons,
        reason("one-way-reverse", { conduit: conduit.id, cost: HOP_COST.oneWayReverse }),
      ]);
    else if (isZone(a))
      blocked.push({
        conduit: conduit.id,
        from: conduit.to,
        to: conduit.from,
        reasons: [reason("diode-blocks", { conduit: conduit.id, from: conduit.to, to: conduit.from })],
      });
  });

  // CSR, keeping document order within each node.
  const n = ids.length;
  const adjStart = new Int32Array(n + 1);
  for (const u of from) adjStart[u + 1] = (adjStart[u + 1] as number) + 1;
  for (let i = 0; i < n; i++) adjStart[i + 1] = (adjStart[i + 1] as number) + (adjStart[i] as number);
  const fill = adjStart.slice(0, n);
  const m = from.length;
  const arcTo = new Int32Array(m);
  const arcFrom = new Int32Array(m);
  const arcCost = new Float64Array(m);
  const arcConduit = new Int32Array(m);
  const arcHop: PathHop[] = new Array(m);
  for (let i = 0; i < m; i++) {
    const u = from[i] as number;
    const slot = fill[u] as number;
    fill[u] = slot + 1;
    arcTo[slot] = to[i] as number;
    arcFrom[slot] = u;
    arcCost[slot] = cost[i] as number;
    arcConduit[slot] = owner[i] as number;
    arcHop[slot] = hops[i] as PathHop;
  }
  return {
    ids,
    zoneCount,
    indexOf,
    adjStart,
    arcTo,
    arcFrom,
    arcCost,
    arcConduit,
    arcHop,
    conduits,
    blocked,
    crossings: hops,
  };
}

// ---------------------------------------------------------------------------------------------------------
// k easiest simple paths to every zone at once

/** A binary min-heap of label numbers ordered by (cost, label number): ties go to the older label. */
class LabelHeap {
  private items: number[] = [];
  constructor(private readonly cost: number[]) {}
  get size(): number {
    return this.items.length;
  }
  private less(a: number, b: number): boolean {
    const ca = this.cost[a] as number;
    const cb = this.cost[b] as number;
    return ca < cb || (ca === cb && a < b);
  }
  push(label: number): void {
    const items = this.items;
    let i = items.length;
    items.push(label);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as number;
      if (!this.less(label, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = label;
  }
  pop(): number {
    const items = this.items;
    const top = items[0] as number;
    const last = items.pop() as number;
    const n = items.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && this.less(items[r] as number, items[l] as number) ? r : l;
        if (!this.less(items[c] as number, last)) break;
        items[i] = items[c] as number;
        i = c;
      }
      items[i] = last;
    }
    return top;
  }
}

interface Labels {
  node: number[];
  cost: number[];
  parent: number[];
  arc: number[];
  /** node → its settled labels, cheapest first (at most k) */
  settled: number[][];
}

/**
 * k-best label setting from a super-source over all entries, one run for every zone. Labels leave the
 * heap cheapest first; the first k that reach a node are its k easiest paths. A label that would
 * revisit a node on its own path is never made, so every path is simple.
 *
 * The textbook version stops extending a node after its k-th label. On plant graphs that loses paths
 * often: the MES zone's k easiest paths may all come back from a control zone, none of them can go on
 * to that control zone, and its third-easiest path goes missing. So the limit is kept per conduit
 * direction instead: along each arc u → v travel the first k labels of u that avoid v, whether or not
 * v has its own k already (v may still need them for the nodes after it). A node keeps taking labels
 * while one of its arcs is open. At most k labels travel each arc, so the work is O(k · arcs · path
 * length) plus the heap. The easiest path of every zone is exact; the 2nd…k-th are exact unless the
 * prefix of one is crowded out two or more hops back. Measured against exhaustive enumeration: no
 * difference on 300 generated plants; on the same plants with six random conduits added, 19 of 3,746
 * zones had a 2nd or 3rd path a little costlier than the true one (the textbook version: 189). That is
 * the price of not running Yen's algorithm per target.
 */
function kEasiest(graph: Graph, sources: { node: number; cost: number }[], k: number): Labels {
  const n = graph.ids.length;
  const labels: Labels = {
    node: [],
    cost: [],
    parent: [],
    arc: [],
    settled: Array.from({ length: n }, () => []),
  };
  const { node, cost, parent, arc, settled } = labels;
  const { adjStart, arcTo, arcCost } = graph;
  const heap = new LabelHeap(cost);
  const make = (v: number, c: number, p: number, a: number) => {
    const label = node.length;
    node.push(v);
    cost.push(c);
    parent.push(p);
    arc.push(a);
    heap.push(label);
  };
  const travelled = new Int32Array(arcTo.length);
  // Each node's arcs that may still carry a label: openArcs[adjStart[u] .. openEnd[u]), document order.
  const openArcs = Int32Array.from({ length: arcTo.length }, (_, i) => i);
  const openEnd = adjStart.slice(1);
  const dead = (v: number) =>
    (settled[v] as number[]).length >= k && (openEnd[v] as number) === (adjStart[v] as number);

  for (const source of sources) make(source.node, source.cost, -1, -1);
  while (heap.size > 0) {
    const label = heap.pop();
    const u = node[label] as number;
    const done = settled[u] as number[];
    if (done.length < k) done.push(label);
    const start = adjStart[u] as number;
    const end = openEnd[u] as number;
    if (end === start) continue;
    const c = cost[label] as number;
    let keep = start;
    for (let i = start; i < end; i++) {
      const a = openArcs[i] as number;
      const v = arcTo[a] as number;
      // A node with its k labels and no open arc needs nothing more, ever: drop the arc.
      if (dead(v)) continue;
      let revisits = false;
      for (let l = label; l !== -1; l = parent[l] as number) {
        if (node[l] === v) {
          revisits = true;
          break;
        }
      }
      if (!revisits) {
        make(v, c + (arcCost[a] as number), label, a);
        travelled[a] = (travelled[a] as number) + 1;
      }
      if ((travelled[a] as number) < k) openArcs[keep++] = a;
    }
    openEnd[u] = keep;
  }
  return labels;
}

// ---------------------------------------------------------------------------------------------------------
// Minimum cuts: augmenting paths (Ford–Fulkerson) on the zone graph

const INFINITE = 1e12;

/**
 * One flow network for the whole site, reused for every target (flows are reset after each cut).
 *
 * Plants come in two shapes that defeat a plain breadth-first Edmonds–Karp when it runs once per target
 * zone: hub-shaped (one MES or remote-maintenance zone touches every line, so every search scans the
 * hub's thousands of conduits) and meshed with few entries (the minimum cut sits at the entries, so the
 * final search that proves the flow maximal walks the whole plant). So:
 *  1. augmenting paths are first sought depth-first backwards from the target, downhill only (towards
 *     nodes nearer the entries, by hop distances computed once), trying the nearest first: the plain
 *     paths, found without wandering;
 *  2. the rest, and the proof that none is left, come from a search run from both ends at once, step by
 *     step (two steps from the target's side for one from the entries'): it stops when the two meet (a
 *     path) or when either side runs out (no path; that side's reach gives a minimum cut). The cost is
 *     about the smaller side, not the plant.
 * Of the minimum cuts, the one found is the target zone's own perimeter when its side runs out first
 * (the usual case, and the change the zone's owner can make), else the one nearest the entries; both
 * have the minimum capacity. Capacities are small integers, so there are at most as many augmentations
 * as the cut's capacity.
 */
class FlowNetwork {
  readonly source: number;
  private readonly head: Int32Array;
  private readonly cap: Float64Array;
  private readonly flow: Float64Array;
  private readonly conduitOf: Int32Array;
  private readonly adjStart: Int32Array;
  private readonly adj: Int32Array;
  /** Hops from the source over real arcs (unreachable: a large number). */
  private readonly distance: Int32Array;
  /** adj[adjStart[u] .. realEnd[u]) are the arcs into u's real arcs' twins first (see the constructor). */
  private readonly realEnd: Int32Array;
  // Search state, per side: B backwards from the sinks, F forwards from the source.
  private readonly seenB: Int32Array;
  private readonly seenF: Int32Array;
  /** B: the arc from the node towards the sinks; F: the arc into the node from the source's side. */
  private readonly viaB: Int32Array;
  private readonly viaF: Int32Array;
  private readonly nextB: Int32Array;
  private readonly nextF: Int32Array;
  private readonly stackB: Int32Array;
  private readonly stackF: Int32Array;
  private readonly visitedB: Int32Array;
  private readonly visitedF: Int32Array;
  private stamp = 0;
  /** The augmenting path found by the last search, source to sink. */
  private path: number[] = [];
  /** After a search that found none: which side ran out, and what it reached. */
  private exhausted: { side: "sinks" | "source"; count: number } = { side: "sinks", count: 0 };

  constructor(graph: Graph, capacity: (conduit: number) => number, entries: number[]) {
    const n = graph.ids.length + 1;
    this.source = n - 1;
    const m = graph.arcTo.length;
    const arcs = (m + entries.length) * 2;
    const tail = new Int32Array(arcs);
    this.head = new Int32Array(arcs);
    this.cap = new Float64Array(arcs);
    this.flow = new Float64Array(arcs);
    this.conduitOf = new Int32Array(arcs).fill(-1);
    let e = 0;
    const add = (u: number, v: number, c: number, conduit: number) => {
      tail[e] = u;
      this.head[e] = v;
      this.cap[e] = c;
      this.conduitOf[e] = conduit;
      tail[e + 1] = v;
      this.head[e + 1] = u;
      e += 2;
    };
    for (let a = 0; a < m; a++) {
      const conduit = graph.arcConduit[a] as number;
      add(graph.arcFrom[a] as number, graph.arcTo[a] as number, capacity(conduit), conduit);
    }
    for (const entry of entries) add(this.source, entry, INFINITE, -1);
    const start = new Int32Array(n + 1);
    for (let i = 0; i < arcs; i++) {
      const u = tail[i] as number;
      start[u + 1] = (start[u + 1] as number) + 1;
    }
    for (let i = 0; i < n; i++) start[i + 1] = (start[i + 1] as number) + (start[i] as number);
    const fill = start.slice(0, n);
    const adj = new Int32Array(arcs);
    for (let i = 0; i < arcs; i++) {
      const u = tail[i] as number;
      adj[fill[u] as number] = i;
      fill[u] = (fill[u] as number) + 1;
    }
    // Hops from the source over real arcs; unreachable nodes last.
    const distance = new Int32Array(n).fill(0x3fffffff);
    const queue = new Int32Array(n);
    distance[this.source] = 0;
    queue[0] = this.source;
    for (let q = 0, t = 1; q < t; q++) {
      const u = queue[q] as number;
      for (let i = start[u] as number; i < (start[u + 1] as number); i++) {
        const a = adj[i] as number;
        const v = this.head[a] as number;
        if ((this.cap[a] as number) > 0 && distance[v] === 0x3fffffff) {
          distance[v] = (distance[u] as number) + 1;
          queue[t++] = v;
        }
      }
    }
    // The backward search at v looks at the arcs u → v: first the real ones (the residual twin of an
    // arc v → u has room only when flow went v → u, which is rare), nearest the entries first.
    const order = (a: number) =>
      ((this.cap[a ^ 1] as number) > 0 ? 0 : 0x40000000) + (distance[this.head[a] as number] as number);
    for (let u = 0; u < n; u++) {
      const slice = Array.from(adj.subarray(start[u] as number, start[u + 1] as number));
      slice.sort((a, b) => order(a) - order(b) || a - b);
      adj.set(slice, start[u] as number);
    }
    // Where each node's real arcs end in that order: the downhill search skips the rest of a group at
    // once (a hub's thousands of conduits are mostly uphill) instead of testing each arc.
    const realEnd = new Int32Array(n);
    for (let u = 0; u < n; u++) {
      let i = start[u] as number;
      while (i < (start[u + 1] as number) && (this.cap[(adj[i] as number) ^ 1] as number) > 0) i++;
      realEnd[u] = i;
    }
    this.realEnd = realEnd;
    this.adjStart = start;
    this.adj = adj;
    this.distance = distance;
    this.seenB = new Int32Array(n);
    this.seenF = new Int32Array(n);
    this.viaB = new Int32Array(n);
    this.viaF = new Int32Array(n);
    this.nextB = new Int32Array(n);
    this.nextF = new Int32Array(n);
    this.stackB = new Int32Array(n);
    this.stackF = new Int32Array(n);
    this.visitedB = new Int32Array(n);
    this.visitedF = new Int32Array(n);
  }

  private residual(a: number): number {
    return (this.cap[a] as number) - (this.flow[a] as number);
  }

  /** Step 1: depth-first, backwards from the sinks, downhill only. */
  private searchDownhill(sinks: number[]): boolean {
    const { head, adj, adjStart, seenB, viaB, nextB, stackB, source, distance, realEnd } = this;
    this.stamp += 1;
    const stamp = this.stamp;
    let top = 0;
    for (const s of sinks) {
      if (seenB[s] === stamp) continue;
      seenB[s] = stamp;
      viaB[s] = -1;
      nextB[s] = adjStart[s] as number;
      stackB[top++] = s;
    }
    while (top > 0) {
      const v = stackB[top - 1] as number;
      const i = nextB[v] as number;
      if (i >= (adjStart[v + 1] as number)) {
        top -= 1;
        continue;
      }
      nextB[v] = i + 1;
      const a = adj[i] as number;
      const u = head[a] as number;
      if ((distance[u] as number) >= (distance[v] as number)) {
        // Each group is sorted by distance: the rest of this one is uphill too.
        nextB[v] = i < (realEnd[v] as number) ? (realEnd[v] as number) : (adjStart[v + 1] as number);
        continue;
      }
      if (seenB[u] === stamp) continue;
      const back = a ^ 1; // the arc u → v
      if (this.residual(back) <= 0) continue;
      seenB[u] = stamp;
      viaB[u] = back;
      if (u === source) {
        this.path = [];
        for (let x = source; viaB[x] !== -1; x = head[viaB[x] as number] as number)
          this.path.push(viaB[x] as number);
        return true;
      }
      nextB[u] = adjStart[u] as number;
      stackB[top++] = u;
    }
    return false;
  }

  /** Step 2: from both ends at once, until they meet or one side runs out. */
  private searchBoth(sinks: number[]): boolean {
    const {
      head,
      adj,
      adjStart,
      seenB,
      seenF,
      viaB,
      viaF,
      nextB,
      nextF,
      stackB,
      stackF,
      visitedB,
      visitedF,
    } = this;
    const source = this.source;
    this.stamp += 1;
    const stamp = this.stamp;
    let topB = 0;
    let countB = 0;
    for (const s of sinks) {
      if (seenB[s] === stamp) continue;
      seenB[s] = stamp;
      viaB[s] = -1;
      nextB[s] = adjStart[s] as number;
      stackB[topB++] = s;
      visitedB[countB++] = s;
    }
    seenF[source] = stamp;
    viaF[source] = -1;
    nextF[source] = adjStart[source] as number;
    stackF[0] = source;
    let topF = 1;
    let countF = 1;
    let meet = -1;
    let turn = 0;
    while (meet < 0) {
      if (topB === 0) {
        this.exhausted = { side: "sinks", count: countB };
        return false;
      }
      if (topF === 0) {
        this.exhausted = { side: "source", count: countF };
        return false;
      }
      turn = (turn + 1) % 3;
      if (turn !== 0) {
        // Backwards: from v to a node u with an arc u → v that has room.
        const v = stackB[topB - 1] as number;
        const i = nextB[v] as number;
        if (i >= (adjStart[v + 1] as number)) {
          topB -= 1;
          continue;
        }
        nextB[v] = i + 1;
        const a = adj[i] as number;
        const u = head[a] as number;
        if (seenB[u] === stamp || this.residual(a ^ 1) <= 0) continue;
        seenB[u] = stamp;
        viaB[u] = a ^ 1;
        visitedB[countB++] = u;
        if (seenF[u] === stamp) meet = u;
        else {
          nextB[u] = adjStart[u] as number;
          stackB[topB++] = u;
        }
      } else {
        // Forwards: from x to a node y over an arc x → y that has room.
        const x = stackF[topF - 1] as number;
        const i = nextF[x] as number;
        if (i >= (adjStart[x + 1] as number)) {
          topF -= 1;
          continue;
        }
        nextF[x] = i + 1;
        const a = adj[i] as number;
        const y = head[a] as number;
        if (seenF[y] === stamp || this.residual(a) <= 0) continue;
        seenF[y] = stamp;
        viaF[y] = a;
        visitedF[countF++] = y;
        if (seenB[y] === stamp) meet = y;
        else {
          nextF[y] = adjStart[y] as number;
          stackF[topF++] = y;
        }
      }
    }
    // Source → meet along the forward tree, then meet → sink along the backward tree.
    const path: number[] = [];
    for (let x = meet; viaF[x] !== -1; x = head[(viaF[x] as number) ^ 1] as number)
      path.push(viaF[x] as number);
    path.reverse();
    for (let x = meet; viaB[x] !== -1; x = head[viaB[x] as number] as number) path.push(viaB[x] as number);
    this.path = path;
    return true;
  }

  /**
   * Max flow from the entries to the set of sinks, then a minimum cut (see the class comment). Returns
   * the cut arcs' conduits and the cut's capacity.
   */
  minimumCut(sinks: number[]): { conduits: number[]; capacity: number } {
    const { head, cap, flow, adj, adjStart, conduitOf } = this;
    const touched: number[] = [];
    const augment = () => {
      let bottleneck = Number.POSITIVE_INFINITY;
      for (const a of this.path) bottleneck = Math.min(bottleneck, this.residual(a));
      for (const a of this.path) {
        flow[a] = (flow[a] as number) + bottleneck;
        flow[a ^ 1] = (flow[a ^ 1] as number) - bottleneck;
        touched.push(a);
      }
    };
    while (this.searchDownhill(sinks)) augment();
    while (this.searchBoth(sinks)) augment();
    const stamp = this.stamp;
    const conduits = new Set<number>();
    let capacity = 0;
    const take = (a: number) => {
      const conduit = conduitOf[a] as number;
      if (conduit < 0 || (cap[a] as number) <= 0 || conduits.has(conduit)) return;
      conduits.add(conduit);
      capacity += cap[a] as number;
    };
    const { side, count } = this.exhausted;
    if (side === "sinks") {
      // Real arcs u → v into what still reaches a sink, from outside it.
      for (let q = 0; q < count; q++) {
        const v = this.visitedB[q] as number;
        for (let i = adjStart[v] as number; i < (adjStart[v + 1] as number); i++) {
          const a = adj[i] as number;
          if (this.seenB[head[a] as number] !== stamp) take(a ^ 1);
        }
      }
    } else {
      // Real arcs x → y out of what the source still reaches, to outside it.
      for (let q = 0; q < count; q++) {
        const x = this.visitedF[q] as number;
        for (let i = adjStart[x] as number; i < (adjStart[x + 1] as number); i++) {
          const a = adj[i] as number;
          if (this.seenF[head[a] as number] !== stamp) take(a);
        }
      }
    }
    for (const a of touched) {
      flow[a] = 0;
      flow[a ^ 1] = 0;
    }
    return { conduits: [...conduits], capacity };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Suggestions

/** Zones whose data flows out, and the zones it flows to: a link between them that nobody logs in
 *  over is usually a data export, which a diode can carry one way. */
const plantFloor: ReadonlySet<string> = new Set(["control", "safety", "field"]);
const officeSide: ReadonlySet<string> = new Set([
  "enterprise-it",
  "office",
  "dmz",
  "cloud",
  "external-service",
]);

/**
 * What to do with a conduit of a cut, first match wins: a conduit no operation needs is removed;
 * vendor access gets the remote-access set (MFA, jump host, approval, time limits, recording) and loses
 * its standing connection; media and brought-in laptops are scanned and approved, then plant-owned;
 * insiders' and visitors' conduits get personal authentication and monitoring; wireless gets
 * enterprise authentication; a one-way rule set, or a plain data link from the plant floor to the
 * office side, becomes a data diode; interactive or outside links get MFA and a jump host; then a
 * firewall, then real rules instead of allow-all, then allow-listing, a protocol break, monitoring.
 * `control` lists the controls the conduit lacks; `countermeasures`, the site's own plans for it.
 */
const remoteHardening: ControlType[] = [
  "mfa",
  "jump-host",
  "approval",
  "time-limited-access",
  "session-recording",
];

function suggestFor(
  conduit: Conduit,
  index: SiteIndex,
  pending: { id: string; cost?: number }[],
  includePlanned: boolean,
): Reason {
  const have = new Set(
    (conduit.controls ?? []).filter((c) => implemented(c, includePlanned)).map((c) => c.type),
  );
  const missing = (types: ControlType[]) => types.filter((t) => !have.has(t));
  const kinds = [conduit.from, conduit.to]
    .map((id) => index.externals.get(id)?.kind)
    .filter((k): k is ExternalKind => k !== undefined);
  const used = (conduit.protocols ?? []).map((p) => p.protocol);
  const base = {
    conduit: conduit.id,
    ...(pending.length > 0 ? { countermeasures: pending.map((p) => p.id) } : {}),
  };
  if ((conduit.operations ?? []).length === 0) return reason("suggest-remove", base);
  if (kinds.includes("vendor-remote-maintenance"))
    return reason("suggest-vendor-access", { ...base, control: missing(remoteHardening) });
  if (kinds.some((k) => k === "removable-media" || k === "maintenance-pc")) {
    const lacking = missing(["malware-scanning", "approval"]);
    // Scanned and approved already: only plant-owned, registered media and laptops remain.
    return lacking.length > 0
      ? reason("suggest-media-scanning", { ...base, control: lacking })
      : reason("suggest-plant-owned-media", base);
  }
  if (kinds.includes("insider"))
    return reason("suggest-insider", {
      ...base,
      control: missing(["authentication", "session-recording", "monitoring"]),
    });
  if (kinds.includes("physical-access"))
    return reason("suggest-physical", { ...base, control: missing(["authentication", "monitoring"]) });
  if (kinds.includes("wireless") || conduit.medium === "wireless")
    return reason("suggest-wireless", {
      ...base,
      control: missing(["authentication", "encryption", "monitoring"]),
    });
  if (conduit.direction === "one-way") return reason("suggest-diode", base);
  const interactive = used.some((p) => interactiveProtocols.has(p));
  const types = [conduit.from, conduit.to].map((id) => index.zones.get(id)?.type);
  if (
    conduit.direction === "bidirectional" &&
    !interactive &&
    types.some((t) => t !== undefined && plantFloor.has(t)) &&
    types.some((t) => t !== undefined && officeSide.has(t))
  )
    return reason("suggest-diode", base);
  if (interactive || kinds.length > 0) {
    const lacking = missing(["mfa", "jump-host"]);
    if (lacking.length > 0) return reason("suggest-mfa-jump-host", { ...base, control: lacking });
  }
  if (!have.has("firewall")) return reason("suggest-firewall", base);
  const allowAll = (conduit.controls ?? []).some(
    (c) => c.type === "firewall" && implemented(c, includePlanned) && (c.rules ?? []).some(allowsEverything),
  );
  if (allowAll) return reason("suggest-firewall-rules", base);
  return reason("suggest-harden", {
    ...base,
    control: missing(["allow-listing", "protocol-break", "monitoring"]),
  });
}

// ---------------------------------------------------------------------------------------------------------
// Targets

/** The rank of "high" on the importance scale; on a scale without it, the top rank only. */
export function defaultMinimumRank(index: SiteIndex): number {
  const high = index.rank("importance", "high");
  if (high > 0) return high;
  return Math.max(...index.scales.importance.map((l) => l.value));
}

/** The latest date in the model that has already happened: implementations, evidence, installations. */
export function latestModelDate(index: SiteIndex): string | undefined {
  let latest: string | undefined;
  const see = (date: string | undefined) => {
    if (date !== undefined && (latest === undefined || date > latest)) latest = date;
  };
  for (const asset of index.assets.values()) see(asset.installedOn);
  for (const cm of index.site.countermeasures ?? []) {
    see(cm.implementedOn);
    for (const evidence of cm.evidence ?? []) see(evidence.date);
  }
  return latest;
}

/** The final step's cost and reasons. Shared by every asset with the same facts, so the reasons name
 *  no asset: the path's `target` does. */
function targetStep(asset: Asset, asOf: string | undefined): { cost: number; reasons: Reason[] } {
  const reasons: Reason[] = [reason("target-base", { cost: TARGET_COST.base })];
  let cost: number = TARGET_COST.base;
  if (asset.generalPurpose) {
    cost += TARGET_COST.generalPurpose;
    reasons.push(reason("target-general-purpose", { cost: TARGET_COST.generalPurpose }));
  }
  if (assetTypes[asset.type].category === "device" && asset.firmwareVersion === undefined) {
    cost += TARGET_COST.firmwareUnknown;
    reasons.push(reason("target-firmware-unknown", { cost: TARGET_COST.firmwareUnknown }));
  }
  if (asset.supportEnds !== undefined && asOf !== undefined && asset.supportEnds < asOf) {
    cost += TARGET_COST.supportEnded;
    reasons.push(
      reason("target-support-ended", {
        supportEnds: asset.supportEnds,
        asOf,
        cost: TARGET_COST.supportEnded,
      }),
    );
  }
  if (cost < TARGET_COST.minimum) {
    reasons.push(reason("target-minimum", { cost: TARGET_COST.minimum - cost }));
    cost = TARGET_COST.minimum;
  }
  return { cost, reasons };
}

function byScoreThenId(a: AttackPath, b: AttackPath): number {
  if (a.score !== b.score) return a.score - b.score;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------

/** The zone-level half of the analysis: the graph, the k easiest labels and every zone's routes. */
function routeZones(index: SiteIndex, includePlanned: boolean, k: number): ZoneRoutes {
  const graph = buildGraph(index, includePlanned);
  const { ids, zoneCount } = graph;

  // Entries: externals with a way into a zone, sorted by id for stable ties.
  const entryNodes: number[] = [];
  for (let n = zoneCount; n < ids.length; n++)
    if ((graph.adjStart[n + 1] as number) > (graph.adjStart[n] as number)) entryNodes.push(n);
  entryNodes.sort((a, b) => compareIds(ids[a] as string, ids[b] as string));
  const kindOf = (n: number) => index.externals.get(ids[n] as string)?.kind as ExternalKind;
  const labels = kEasiest(
    graph,
    entryNodes.map((node) => ({ node, cost: ENTRY_COST[kindOf(node)] })),
    k,
  );

  // Zone paths
  // A route is a zone path with what the targets need of it: the start of its ids, its conduit numbers.
  const byCostThenPrefix = (a: Route, b: Route) =>
    a.path.cost - b.path.cost || compareIds(a.prefix, b.prefix);
  const zonePaths = new Map<string, ZonePath[]>();
  const routesOfZone = new Map<string, Route[]>();
  for (let z = 0; z < zoneCount; z++) {
    const settled = labels.settled[z] as number[];
    if (settled.length === 0) continue;
    const list: Route[] = [];
    for (const label of settled) {
      const arcs: number[] = [];
      let root = label;
      for (let l = label; l !== -1; l = labels.parent[l] as number) {
        root = l;
        const a = labels.arc[l] as number;
        if (a >= 0) arcs.push(a);
      }
      arcs.reverse();
      const entryNode = labels.node[root] as number;
      const entry = ids[entryNode] as string;
      const entryKind = kindOf(entryNode);
      const entryCost = labels.cost[root] as number;
      const hops = arcs.map((a) => graph.arcHop[a] as PathHop);
      const path: ZonePath = {
        entry,
        entryKind,
        zone: ids[z] as string,
        hops,
        conduits: hops.map((h) => h.conduit),
        cost: labels.cost[label] as number,
        entryCost,
        reasons: [reason("entry", { external: entry, entry: entryKind, cost: entryCost })],
      };
      list.push({
        path,
        prefix: `path:${entry}→${path.conduits.join(">")}→`,
        conduits: arcs.map((a) => graph.arcConduit[a] as number),
      });
    }
    // Prefixes of different paths never extend one another, so this is also the order of the path ids.
    list.sort(byCostThenPrefix);
    routesOfZone.set(ids[z] as string, list);
    zonePaths.set(
      ids[z] as string,
      list.map((r) => r.path),
    );
  }

  return {
    graph,
    entryNodes,
    zonePaths,
    routesOfZone,
    cuts: new Map(),
    reaches: new Map(),
    suggestions: new Map(),
  };
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

export function analyseAttackPaths(
  index: SiteIndex,
  importance: ImportanceResult,
  options: PathOptions = {},
): PathAnalysis {
  const k = Math.max(1, Math.floor(options.k ?? 3));
  const minimumImportanceRank = options.minimumImportanceRank ?? defaultMinimumRank(index);
  const includePlanned = options.includePlanned ?? false;
  const asOf = options.asOf ?? latestModelDate(index);
  const memoKey = [index.site.zones, index.site.externals, index.site.conduits, includePlanned, k];
  const memo = options.memo;
  let zoneRoutes = memo?.key && sameItems(memo.key, memoKey) ? memo.routes : undefined;
  if (!zoneRoutes) {
    zoneRoutes = routeZones(index, includePlanned, k);
    if (memo) {
      memo.key = memoKey;
      memo.routes = zoneRoutes;
    }
  }
  if (zoneRoutes.reachesFor !== index.site.countermeasures) {
    zoneRoutes.reaches = new Map();
    zoneRoutes.suggestions = new Map();
    zoneRoutes.reachesFor = index.site.countermeasures;
  }
  const { graph, entryNodes, zonePaths, routesOfZone, suggestions } = zoneRoutes;
  const { ids } = graph;
  const byCostThenPrefix = (a: Route, b: Route) =>
    a.path.cost - b.path.cost || compareIds(a.prefix, b.prefix);

  // Countermeasures of the site not yet implemented, per conduit: what a change is known to cost.
  const pendingOf = new Map<string, { id: string; cost?: number }[]>();
  for (const cm of index.site.countermeasures ?? []) {
    if (cm.status === "implemented" || cm.status === "retired") continue;
    for (const id of cm.appliesTo) {
      if (!index.conduits.has(id)) continue;
      const list = pendingOf.get(id) ?? [];
      list.push(cm.cost === undefined ? { id: cm.id } : { id: cm.id, cost: cm.cost });
      pendingOf.set(id, list);
    }
  }
  const knownCostOf = (conduit: string): number | undefined => {
    const costs = (pendingOf.get(conduit) ?? []).flatMap((p) => (p.cost === undefined ? [] : [p.cost]));
    return costs.length > 0 ? Math.min(...costs) : undefined;
  };
  const suggestionOf = (ci: number): Reason => {
    let s = suggestions.get(ci);
    if (!s) {
      const conduit = graph.conduits[ci] as Conduit;
      s = suggestFor(conduit, index, pendingOf.get(conduit.id) ?? [], includePlanned);
      suggestions.set(ci, s);
    }
    return s;
  };
  const capacityOf = (ci: number) =>
    (graph.conduits[ci]?.operations ?? []).length > 0 ? CUT_CAPACITY.neededByOperation : CUT_CAPACITY.conduit;

  // Per set of target zones: its k paths and its cut (all assets of a zone share its network route), and
  // how many of this run's targets share it.
  const reachOf = zoneRoutes.reaches;
  const targetsOf = new Map<Reach, number>();
  const makeReach = (key: string, zones: string[]): Reach => {
    let routes: Route[];
    if (zones.length === 1) routes = routesOfZone.get(zones[0] as string) ?? [];
    else
      routes = zones
        .flatMap((z) => routesOfZone.get(z) ?? [])
        .sort(byCostThenPrefix)
        .slice(0, k);
    const result: Reach = { routes, cutConduits: [] };
    if (routes.length > 0) {
      const kept = zoneRoutes as ZoneRoutes;
      let cut = kept.cuts.get(key);
      if (!cut) {
        kept.flow ??= new FlowNetwork(graph, capacityOf, entryNodes);
        cut = kept.flow.minimumCut(zones.map((z) => graph.indexOf.get(z) as number));
        kept.cuts.set(key, cut);
      }
      const order = cut.conduits
        .map((ci) => ({ ci, id: graph.conduits[ci]?.id as string }))
        .sort((a, b) => compareIds(a.id, b.id));
      const perConduit: CutConduit[] = order.map(({ ci, id }) => {
        const knownCost = knownCostOf(id);
        let pathsCut = 0;
        for (const r of routes) if (r.conduits.includes(ci)) pathsCut += 1;
        return {
          conduit: id,
          capacity: capacityOf(ci),
          pathsCut,
          suggestion: suggestionOf(ci),
          ...(knownCost === undefined ? {} : { knownCost }),
        };
      });
      const inCut = new Set(cut.conduits);
      result.cutConduits = cut.conduits;
      result.cut = {
        conduits: order.map((c) => c.id),
        cost: cut.capacity,
        pathsCut: routes.filter((r) => r.conduits.some((c) => inCut.has(c))).length,
        suggestion: perConduit.map((c) => c.suggestion),
        perConduit,
        zones,
      };
    }
    reachOf.set(key, result);
    return result;
  };

  // The target step depends on a few facts only; assets with the same facts share it.
  const steps = new Map<string, { cost: number; reasons: Reason[] }>();
  const stepOf = (asset: Asset) => {
    const key = `${asset.generalPurpose ? 1 : 0}${asset.firmwareVersion === undefined ? 1 : 0}${
      assetTypes[asset.type].category === "device" ? 1 : 0
    }${asset.supportEnds ?? ""}`;
    let step = steps.get(key);
    if (!step) {
      step = targetStep(asset, asOf);
      steps.set(key, step);
    }
    return step;
  };

  // Targets: which reach each has (its zone, or its hosts' zones), decided now; their paths built on use.
  const targets: string[] = [];
  const unzoned: string[] = [];
  const unreachable: string[] = [];
  const reachOfTarget: Reach[] = [];
  const zonesOf = (asset: Asset): { key: string; zones: string[] } | undefined => {
    const own = index.zoneOfAsset.get(asset.id);
    if (own !== undefined) return { key: own, zones: [own] };
    const zones = [
      ...new Set(
        (asset.hostedOn ?? []).flatMap((host) => {
          const z = index.zoneOfAsset.get(host);
          return z === undefined ? [] : [z];
        }),
      ),
    ].sort(compareIds);
    // Zone ids cannot hold U+0000, so these keys never meet a single zone's key.
    return zones.length > 0 ? { key: zones.join("\u0000"), zones } : undefined;
  };
  const reachOfAsset = (asset: Asset): Reach | undefined => {
    const own = index.zoneOfAsset.get(asset.id);
    if (own !== undefined) return reachOf.get(own) ?? makeReach(own, [own]);
    const where = zonesOf(asset);
    return where ? (reachOf.get(where.key) ?? makeReach(where.key, where.zones)) : undefined;
  };
  // Read from the derived importance, which holds every asset: no lookup per asset of a large plant.
  for (const [id, derived] of importance.assets)
    if (index.rank("importance", derived.value) >= minimumImportanceRank) targets.push(id);
  targets.sort(compareIds);
  for (let i = 0; i < targets.length; i++) {
    const id = targets[i] as string;
    const own = index.zoneOfAsset.get(id);
    const found =
      own !== undefined
        ? (reachOf.get(own) ?? makeReach(own, [own]))
        : reachOfAsset(index.assets.get(id) as Asset);
    if (!found) {
      unzoned.push(id);
      continue;
    }
    targetsOf.set(found, (targetsOf.get(found) ?? 0) + 1);
    reachOfTarget[i] = found;
    if (found.routes.length === 0) unreachable.push(id);
  }

  const implicit = options.implicitEntries ?? false;
  const buildPaths = (asset: Asset): AttackPath[] => {
    const found = reachOfAsset(asset);
    const own = index.zoneOfAsset.get(asset.id) !== undefined;
    const step = stepOf(asset);
    // One reason for the target, shared by its paths: its importance and the contributions to its final
    // step, which add up to the step's cost. Why the asset is that important is the importance's own
    // derivation, kept once per asset (a report's `assets`), not repeated in each of its paths.
    const target = reason(
      "target",
      { asset: asset.id, importance: importance.assets.get(asset.id)?.value ?? "", cost: step.cost },
      step.reasons,
    );
    const list: AttackPath[] = [];
    for (const { path: p, prefix } of found?.routes ?? []) {
      list.push({
        id: prefix + asset.id,
        entry: p.entry,
        entryKind: p.entryKind,
        target: asset.id,
        targetZone: p.zone,
        hops: p.hops,
        score: p.cost + step.cost,
        entryCost: p.entryCost,
        targetCost: step.cost,
        reasons: own
          ? [p.reasons[0] as Reason, target]
          : [
              p.reasons[0] as Reason,
              reason("target-via-host", {
                asset: asset.id,
                hosts: (asset.hostedOn ?? []).filter((h) => index.zoneOfAsset.get(h) === p.zone),
              }),
              target,
            ],
      });
    }
    if (implicit) {
      for (const [entry, kind] of [
        ["insider", "insider"],
        ["physical", "physical-access"],
      ] as const) {
        const entryCost = ENTRY_COST[kind];
        list.push({
          id: `path:${entry}→→${asset.id}`,
          entry,
          entryKind: kind,
          target: asset.id,
          targetZone: zonesOf(asset)?.zones[0] ?? "",
          hops: [],
          score: entryCost + step.cost,
          entryCost,
          targetCost: step.cost,
          reasons: [reason("entry-implicit", { entry: kind, cost: entryCost }), target],
        });
      }
      list.sort(byScoreThenId);
    }
    // Otherwise the routes come sorted, and they share the target step: the order holds.
    return list;
  };
  const built = new Map<string, AttackPath[]>();
  const pathsFor = (target: string): AttackPath[] => {
    let list = built.get(target);
    if (list === undefined) {
      const asset = index.assets.get(target);
      list = asset && isTarget(target) ? buildPaths(asset) : [];
      built.set(target, list);
    }
    return list;
  };
  let allPaths: AttackPath[] | undefined;
  let byTarget: Map<string, AttackPath[]> | undefined;
  let cuts: Map<string, PathCut> | undefined;
  const isTarget = (id: string) =>
    index.assets.has(id) && importance.rankOfAsset(id) >= minimumImportanceRank;
  const cutFor = (target: string): PathCut | undefined => {
    const asset = index.assets.get(target);
    return asset && isTarget(target) ? reachOfAsset(asset)?.cut : undefined;
  };

  // Site-wide ranking of conduits by the easy paths they carry, counted per target.
  const conduitCount = graph.conduits.length;
  const pathCount = new Float64Array(conduitCount);
  const targetCount = new Float64Array(conduitCount);
  const easiestCount = new Float64Array(conduitCount);
  const cutCount = new Float64Array(conduitCount);
  const mark = new Int32Array(conduitCount).fill(-1);
  let reachNumber = 0;
  for (const [found, n] of targetsOf) {
    reachNumber += 1;
    for (const r of found.routes) {
      for (const ci of r.conduits) {
        pathCount[ci] = (pathCount[ci] as number) + n;
        if (mark[ci] !== reachNumber) {
          mark[ci] = reachNumber;
          targetCount[ci] = (targetCount[ci] as number) + n;
        }
      }
    }
    for (const ci of found.routes[0]?.conduits ?? []) easiestCount[ci] = (easiestCount[ci] as number) + n;
    for (const ci of found.cutConduits) cutCount[ci] = (cutCount[ci] as number) + n;
  }
  const conduitRanking: ConduitRank[] = [];
  graph.conduits.forEach((conduit, ci) => {
    if ((pathCount[ci] as number) === 0 && (cutCount[ci] as number) === 0) return;
    const knownCost = knownCostOf(conduit.id);
    conduitRanking.push({
      conduit: conduit.id,
      paths: pathCount[ci] as number,
      targets: targetCount[ci] as number,
      easiest: easiestCount[ci] as number,
      cuts: cutCount[ci] as number,
      ...(knownCost === undefined ? {} : { knownCost }),
      suggestion: suggestionOf(ci),
    });
  });
  conduitRanking.sort(
    (a, b) =>
      b.paths - a.paths ||
      b.easiest - a.easiest ||
      b.cuts - a.cuts ||
      (a.knownCost ?? Number.POSITIVE_INFINITY) - (b.knownCost ?? Number.POSITIVE_INFINITY) ||
      compareIds(a.conduit, b.conduit),
  );

  return {
    get paths() {
      if (!allPaths) {
        allPaths = [];
        for (const target of targets) for (const p of pathsFor(target)) allPaths.push(p);
      }
      return allPaths;
    },
    get pathsByTarget() {
      byTarget ??= new Map(targets.map((target) => [target, pathsFor(target)]));
      return byTarget;
    },
    pathsFor,
    get cutsByTarget() {
      if (!cuts) {
        cuts = new Map();
        targets.forEach((target, i) => {
          const cut = reachOfTarget[i]?.cut;
          if (cut) cuts?.set(target, cut);
        });
      }
      return cuts;
    },
    cutFor,
    zonePaths,
    conduitRanking,
    targets,
    unreachable,
    unzoned,
    blocked: graph.blocked,
    crossings: graph.crossings,
    entries: entryNodes.map((n) => ids[n] as string),
    ...(asOf === undefined ? {} : { asOf }),
    k,
    minimumImportanceRank,
  };
}
