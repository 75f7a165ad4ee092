import type { Asset, Conduit, Countermeasure, External, Operation, Site, Zone } from "../model/site.js";
import type { AssetType } from "../model/vocabulary.js";
import { weightedPicker } from "./random.js";

/**
 * Synthetic but realistic sites for tests and benchmarks. Deterministic: the same options give the same
 * site, byte for byte. The layout follows a Purdue-style plant: corporate IT, DMZ, MES, several control
 * zones each with a field zone, a safety zone, and the smart-factory additions (cloud, remote maintenance,
 * an unconnected line fed by USB). Every generated site validates without errors or warnings.
 */

export interface GenerateOptions {
  assets: number;
  zones?: number;
  /** Total conduits wanted; extra ones link random zones (line-to-line, MES-to-line) until reached. */
  conduits?: number;
  seed?: number;
}

/** mulberry32: tiny, fast, good enough for synthetic data, and the same on every platform. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type ZoneRole = "it" | "dmz" | "mes" | "control" | "field" | "safety" | "cloud" | "remote" | "unconnected";

const zoneTypeOf: Record<ZoneRole, Zone["type"]> = {
  it: "enterprise-it",
  dmz: "dmz",
  mes: "mes-operations",
  control: "control",
  field: "field",
  safety: "safety",
  cloud: "cloud",
  remote: "remote-maintenance",
  unconnected: "unconnected-line",
};

/** Which assets a zone of each role holds, with weights. */
const assetMix: Record<ZoneRole, [AssetType, number][]> = {
  it: [
    ["office-pc", 8],
    ["file-server", 1],
    ["erp-server", 1],
    ["domain-controller", 1],
    ["switch", 1],
    ["printer", 1],
  ],
  dmz: [
    ["historian", 2],
    ["jump-host", 1],
    ["application-server", 1],
    ["firewall", 1],
  ],
  mes: [
    ["mes-server", 2],
    ["database-server", 1],
    ["operator-workstation", 3],
    ["switch", 1],
    ["backup-server", 1],
  ],
  control: [
    ["plc", 6],
    ["hmi", 3],
    ["engineering-workstation", 1],
    ["scada-server", 1],
    ["robot", 2],
    ["switch", 1],
    ["iot-gateway", 1],
    ["camera", 1],
  ],
  field: [
    ["field-io", 4],
    ["iot-sensor", 4],
    ["cnc-machine", 1],
    ["agv", 1],
    ["inspection-device", 1],
  ],
  safety: [
    ["safety-plc", 2],
    ["hmi", 1],
  ],
  cloud: [["cloud-service", 1]],
  remote: [
    ["jump-host", 1],
    ["vpn-gateway", 1],
  ],
  unconnected: [
    ["cnc-machine", 3],
    ["plc", 2],
    ["hmi", 1],
    ["removable-media", 1],
  ],
};

const vendorsByType: Partial<Record<AssetType, [string, string, string][]>> = {
  plc: [
    ["Mitsubishi Electric", "MELSEC iQ-R", "R04CPU"],
    ["Siemens", "SIMATIC S7-1500", "CPU 1516-3 PN/DP"],
    ["OMRON", "NX1P2", "NX1P2-9024DT"],
    ["Rockwell Automation", "CompactLogix 5380", "5069-L320ER"],
    ["KEYENCE", "KV-8000", "KV-8000"],
  ],
  hmi: [
    ["Mitsubishi Electric", "GOT2000", "GT2710"],
    ["Schneider Electric", "Pro-face GP4000", "GP4501T"],
  ],
  robot: [
    ["FANUC", "R-30iB Plus", "R-2000iC"],
    ["Yaskawa", "YRC1000", "MOTOMAN-GP25"],
  ],
  "safety-plc": [["Siemens", "SIMATIC S7-1500F", "CPU 1516F-3 PN/DP"]],
  "iot-gateway": [["Contec", "CONPROSYS", "CPS-MC341"]],
};

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

function weighted<T>(rand: () => number, items: readonly [T, number][]): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let r = rand() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return (items.at(-1) as [T, number])[0];
}

function plan(zoneCount: number): ZoneRole[] {
  const fixed: ZoneRole[] = ["it", "dmz", "mes", "safety", "cloud", "remote", "unconnected"];
  const lines = Math.max(1, Math.floor((zoneCount - fixed.length) / 2));
  const roles: ZoneRole[] = [...fixed];
  for (let i = 0; i < lines; i++) roles.push("control", "field");
  while (roles.length < zoneCount) roles.push("control");
  return roles;
}

export function generateSite(options: GenerateOptions): Site {
  const rand = random(options.seed ?? 1);
  const assetTotal = Math.max(1, Math.floor(options.assets));
  const zoneCount = Math.max(9, options.zones ?? Math.min(400, Math.max(9, Math.round(assetTotal / 40))));
  const roles = plan(zoneCount);

  const departments: NonNullable<Site["departments"]> = [
    { id: "dept-security", name: { ja: "セキュリティ推進室", en: "Security office" }, type: "security" },
    {
      id: "dept-pe",
      name: { ja: "生産技術部", en: "Production engineering" },
      type: "production-engineering",
    },
    { id: "dept-factory", name: { ja: "製造部", en: "Manufacturing" }, type: "factory" },
    { id: "dept-it", name: { ja: "情報システム部", en: "IT" }, type: "it" },
    { id: "dept-management", name: { ja: "経営企画室", en: "Management" }, type: "management" },
  ];
  const organisations: NonNullable<Site["organisations"]> = [
    { id: "org-vendor", name: { ja: "設備ベンダA社", en: "Equipment vendor A" }, type: "equipment-vendor" },
    { id: "org-cloud", name: { ja: "クラウド事業者B社", en: "Cloud provider B" }, type: "cloud-provider" },
  ];

  const zones: Zone[] = [];
  const operations: Operation[] = [];
  const assets: Asset[] = [];
  const zoneAssets: string[][] = [];
  const zoneOperations: string[][] = [];

  roles.forEach((role, index) => {
    const n = String(index + 1).padStart(3, "0");
    const zoneId = `zone-${n}-${role}`;
    // A zone without assets (tiny sites) gets no operation: an operation nothing serves is a warning.
    const operationId = `op-${n}`;
    const hasAssets = index < assetTotal;
    const importance =
      role === "safety"
        ? "critical"
        : role === "control" || role === "field"
          ? "high"
          : role === "it"
            ? "medium"
            : pick(rand, ["medium", "high"] as const);
    if (hasAssets)
      operations.push({
        id: operationId,
        name: { ja: `業務${n}（${zoneTypeOf[role]}）`, en: `Operation ${n} (${zoneTypeOf[role]})` },
        importance,
        reasons: [
          {
            aspect:
              role === "safety"
                ? "safety"
                : role === "it"
                  ? "information"
                  : pick(rand, ["delivery", "quality", "business-continuity"] as const),
            note: { ja: "生成データ", en: "generated" },
          },
        ],
        ...(role === "cloud" || role === "remote" ? { addedBySmartFactory: true } : {}),
        responsible: role === "it" ? "dept-it" : "dept-factory",
      });
    zoneAssets.push([]);
    zoneOperations.push(hasAssets ? [operationId] : []);
    zones.push({
      id: zoneId,
      name: { ja: `ゾーン${n}`, en: `Zone ${n}` },
      type: zoneTypeOf[role],
      owner: role === "it" || role === "dmz" ? "dept-it" : "dept-pe",
      securityLevel: {
        target: role === "safety" ? "sl3" : role === "control" || role === "field" ? "sl2" : "sl1",
      },
    });
  });

  // Each zone gets at least one asset (so its operation is served); the rest are spread by role weight.
  const weights: [number, number][] = roles.map((role, index) => [
    index,
    role === "cloud" || role === "remote" ? 0.2 : role === "field" || role === "control" ? 3 : 1,
  ]);
  // `weighted` for thousands of zones: the same picks, in O(log n).
  const pickWeight = weightedPicker(weights, ([, w]) => w);
  const pickZone = (rand: () => number) => pickWeight(rand)[0];
  for (let i = 0; i < assetTotal; i++) {
    const zoneIndex = i < roles.length ? i : pickZone(rand);
    const role = roles[zoneIndex] as ZoneRole;
    const type = weighted(rand, assetMix[role]);
    const id = `asset-${String(i + 1).padStart(6, "0")}`;
    const vendor = vendorsByType[type] ? pick(rand, vendorsByType[type] ?? []) : undefined;
    const operationId = zoneOperations[zoneIndex]?.[0] as string;
    assets.push({
      id,
      name: { ja: `${type}-${i + 1}`, en: `${type}-${i + 1}` },
      type,
      ...(vendor
        ? {
            vendor: vendor[0],
            product: vendor[1],
            model: vendor[2],
            firmwareVersion: `${1 + Math.floor(rand() * 4)}.${Math.floor(rand() * 20)}.${Math.floor(rand() * 10)}`,
          }
        : {}),
      owner: role === "it" ? "dept-it" : "dept-factory",
      ...(role === "control" || role === "field" ? { maintainer: "org-vendor" } : {}),
      operations: [operationId],
      ...(type === "camera" || type === "iot-sensor" || type === "office-pc" ? { generalPurpose: true } : {}),
    });
    // Cloud services are services, not devices, but they are placed in the cloud zone all the same.
    zoneAssets[zoneIndex]?.push(id);
  }
  zones.forEach((zone, index) => {
    zone.assets = zoneAssets[index] ?? [];
    zone.operations = zoneOperations[index] ?? [];
  });

  const externals: External[] = [
    { id: "ext-internet", name: { ja: "インターネット", en: "Internet" }, kind: "internet" },
    {
      id: "ext-cloud",
      name: { ja: "クラウド分析サービス", en: "Cloud analytics" },
      kind: "cloud-service",
      organisation: "org-cloud",
    },
    {
      id: "ext-vendor",
      name: { ja: "ベンダ保守拠点", en: "Vendor maintenance centre" },
      kind: "vendor-remote-maintenance",
      organisation: "org-vendor",
    },
    { id: "ext-usb", name: { ja: "USBメモリ", en: "USB stick" }, kind: "removable-media" },
  ];

  const zoneOf = (role: ZoneRole) => zones[roles.indexOf(role)]?.id as string;
  const conduits: Conduit[] = [];
  const connect = (from: string, to: string, conduit: Omit<Conduit, "id" | "from" | "to">) =>
    conduits.push({ id: `conduit-${String(conduits.length + 1).padStart(4, "0")}`, from, to, ...conduit });
  connect("ext-internet", zoneOf("it"), {
    direction: "bidirectional",
    protocols: [{ protocol: "https", port: 443 }],
    controls: [{ type: "firewall" }],
  });
  connect(zoneOf("it"), zoneOf("dmz"), {
    direction: "bidirectional",
    protocols: [
      { protocol: "https", port: 443 },
      { protocol: "rdp", port: 3389 },
    ],
    controls: [{ type: "firewall" }],
  });
  connect(zoneOf("dmz"), zoneOf("mes"), {
    direction: "bidirectional",
    protocols: [{ protocol: "sql", port: 1433 }],
    controls: [{ type: "firewall" }, { type: "logging" }],
  });
  connect(zoneOf("mes"), zoneOf("cloud"), {
    direction: "one-way",
    protocols: [{ protocol: "mqtts", port: 8883 }],
    controls: [{ type: "encryption" }, { type: "authentication" }],
  });
  connect(zoneOf("cloud"), "ext-cloud", {
    direction: "bidirectional",
    protocols: [{ protocol: "https", port: 443 }],
  });
  connect("ext-vendor", zoneOf("remote"), {
    direction: "bidirectional",
    protocols: [{ protocol: "tls-vpn", port: 443 }],
    controls: [{ type: "vpn" }, { type: pick(rand, ["mfa", "logging"] as const) }],
  });
  connect("ext-usb", zoneOf("unconnected"), {
    direction: "one-way",
    medium: "removable-media",
    protocols: [{ protocol: "usb" }],
    controls: [{ type: "malware-scanning", status: pick(rand, ["implemented", "planned"] as const) }],
  });
  roles.forEach((role, index) => {
    const id = zones[index]?.id as string;
    if (role === "control") {
      connect(zoneOf("mes"), id, {
        direction: "bidirectional",
        protocols: [
          { protocol: pick(rand, ["opc-ua", "modbus-tcp", "mc-protocol", "s7comm", "ethernet-ip"] as const) },
        ],
        controls: rand() < 0.7 ? [{ type: "firewall" }] : [],
      });
      connect(zoneOf("remote"), id, {
        direction: "bidirectional",
        protocols: [{ protocol: "vnc", port: 5900 }],
        controls: [{ type: "jump-host" }],
      });
      connect(id, zoneOf("safety"), {
        direction: "one-way",
        protocols: [{ protocol: "profinet" }],
        controls: [{ type: "firewall" }],
      });
      const field = roles[index + 1] === "field" ? zones[index + 1]?.id : undefined;
      if (field)
        connect(id, field, {
          direction: "bidirectional",
          protocols: [{ protocol: pick(rand, ["profinet", "ethernet-ip", "cc-link-ie"] as const) }],
        });
    }
    if (role === "dmz") {
      const control = roles.indexOf("control");
      connect(zones[control]?.id as string, id, {
        direction: "data-diode",
        protocols: [{ protocol: "opc-ua", port: 4840 }],
      });
    }
  });

  // Extra conduits for benchmarks sized like real multi-line plants (e.g. 500 zones, 2,000 conduits):
  // between zones of the same layer or neighbouring layers, never into the safety zone.
  const linkable = zones.filter((z) => z.type !== "safety").map((z) => z.id);
  const wanted = Math.max(0, Math.floor(options.conduits ?? 0));
  for (let guard = 0; conduits.length < wanted && linkable.length > 1 && guard < wanted * 4; guard++) {
    const from = pick(rand, linkable);
    const to = pick(rand, linkable);
    if (from === to) continue;
    connect(from, to, {
      direction: rand() < 0.8 ? "bidirectional" : "one-way",
      protocols: [
        { protocol: pick(rand, ["opc-ua", "modbus-tcp", "https", "smb", "ethernet-ip", "mqtts"] as const) },
      ],
      controls: rand() < 0.6 ? [{ type: "firewall" }] : [],
    });
  }

  const countermeasures: Countermeasure[] = zones.map((zone, index) => ({
    id: `cm-${String(index + 1).padStart(3, "0")}`,
    name: { ja: `${zone.id}のアクセス管理`, en: `Access control of ${zone.id}` },
    area: "network",
    appliesTo: [zone.id],
    status: pick(rand, ["implemented", "in-progress", "planned"] as const),
    owner: "dept-security",
  }));

  return {
    kind: "site",
    schemaVersion: 1,
    id: `generated-${options.seed ?? 1}-${assetTotal}`,
    name: { ja: `合成サイト（保護対象${assetTotal}件）`, en: `Synthetic site (${assetTotal} assets)` },
    departments,
    organisations,
    operations,
    assets,
    zones,
    externals,
    conduits,
    countermeasures,
  };
}
