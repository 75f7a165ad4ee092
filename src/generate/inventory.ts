import { type Random, weightedPicker } from "./random.js";

/**
 * Synthetic inventories for matching benchmarks and tests (issue 6): plant assets whose vendors, products,
 * models and firmware versions are drawn from the products advisories name (the CISA ICS corpus in the
 * bench), so that a realistic share matches an advisory — and some do not — beside IT equipment, and SBOMs
 * whose components are mostly open-source libraries (purl, some with a CPE) that ICS advisories rarely
 * name, with a few OT firmware components (protocol stacks, runtimes, device firmware).
 *
 * With the whole CISA corpus and the defaults: 55 % of the kinds of asset come from advisories' products,
 * spelt as asset registers spell them (legal forms added or dropped, upper case, a Japanese subsidiary, the
 * series instead of the product), the rest is IT and plant equipment; about half of the assets match an
 * advisory. About 3 % of the components are OT firmware, named as SBOM tools name it, and about half of
 * those match (1.4 % of all components). Seven in ten libraries carry a SHA-256, as SBOM tools record.
 *
 * Pure and deterministic: the same products in the same order and the same options give the same
 * inventory, item for item. Items have the shape of the matcher's `InventoryItem` (declared here so the
 * generators stay below the engines), SBOM components as `sbomInventory` gives them: `<sbom id>/<ref>`.
 */

/** What the generator reads of an advisory's product (an `AdvisoryProduct` has it). */
export interface SourceProduct {
  readonly vendor?: string;
  /** product_family and product_name branches, outermost first. */
  readonly productNames: readonly string[];
  readonly name: string;
  readonly version?: string;
  readonly range?: { readonly text: string };
  readonly modelNumbers: readonly string[];
}

export interface GeneratedItem {
  readonly id: string;
  readonly vendor?: string;
  readonly product?: string;
  readonly model?: string;
  readonly version?: string;
  readonly cpe?: string;
  readonly purl?: string;
  readonly serialNumbers?: readonly string[];
  readonly hashes?: readonly { readonly alg: string; readonly content: string }[];
}

export interface GeneratedSbom {
  readonly id: string;
  /** The product the SBOM describes (a controller's firmware, an HMI runtime, a gateway image…). */
  readonly name: string;
  readonly components: readonly GeneratedItem[];
}

export interface GeneratedInventory {
  readonly assets: readonly GeneratedItem[];
  readonly sboms: readonly GeneratedSbom[];
}

export interface InventoryOptions {
  /** The products to draw plant assets and OT components from; without any, every asset is IT equipment. */
  readonly products: readonly SourceProduct[];
  /** Default 100,000. */
  readonly assets?: number;
  /** Default 1,000. */
  readonly sboms?: number;
  /** Default 1,000. */
  readonly componentsPerSbom?: number;
  readonly seed?: number;
}

/** mulberry32, as in site.ts: tiny, fast, and the same on every platform. */
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

const pick = <T>(rand: Random, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;

const alphanumeric = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
function randomText(rand: Random, length: number, alphabet = alphanumeric): string {
  let text = "";
  for (let i = 0; i < length; i++) text += alphabet[Math.floor(rand() * alphabet.length)];
  return text;
}

// ---------------------------------------------------------------------------------------------------------
// Devices: the advisories' products grouped by vendor and product family

interface Device {
  readonly vendor: string;
  readonly family: string;
  /** Model numbers as advisories write them (wildcards allowed). */
  readonly models: string[];
  /** Versions and range texts the advisories give for the family. */
  readonly versions: string[];
}

/** Vendors common in Japanese plants are weighted up: the inventory is a Japanese factory's. */
const japanesePlantVendors =
  /mitsubishi|omron|yokogawa|fanuc|fuji electric|jtekt|contec|panasonic|idec|hitachi/i;

/** Protocol stacks, runtimes and embedded software that turn up inside OT products' SBOMs. */
const embeddedVendors =
  /codesys|3s-smart|treck|wind river|eclipse|eprosima|real-time innovations|twinoaks|object computing|hcc embedded|green hills|opc foundation|unified automation|softing|gpsd|open source|hms|wibu|triangle microworks|mz automation/i;

function devicesOf(products: readonly SourceProduct[]): Device[] {
  const devices = new Map<string, Device>();
  for (const product of products) {
    const vendor = product.vendor?.trim();
    const family = (product.productNames.at(-1) ?? product.name).trim();
    if (!vendor || !family) continue;
    const key = `${vendor}\u0000${family}`;
    let device = devices.get(key);
    if (!device) {
      device = { vendor, family, models: [], versions: [] };
      devices.set(key, device);
    }
    for (const model of product.modelNumbers) if (!device.models.includes(model)) device.models.push(model);
    const version = product.version ?? product.range?.text;
    if (version && !device.versions.includes(version)) device.versions.push(version);
  }
  return [...devices.values()];
}

const legalForms = [" Corporation", " Co., Ltd.", " Inc.", " GmbH", " AG", " Ltd."];
const legalForm = /\s*(?:,?\s*(?:corporation|corp\.?|inc\.?|co\.,? ltd\.?|ltd\.?|llc|gmbh|ag|s\.a\.|plc))+$/i;

/** The vendor as an asset register writes it: mostly as the advisory does, sometimes otherwise. */
function vendorSpelling(rand: Random, vendor: string): string {
  const r = rand();
  if (r < 0.65) return vendor;
  if (r < 0.8)
    return legalForm.test(vendor) ? vendor.replace(legalForm, "") : vendor + pick(rand, legalForms);
  if (r < 0.92) return vendor.toUpperCase();
  // The Japanese subsidiary: the same maker to a person, another name to the matcher ("Siemens K.K.").
  return `${vendor.replace(legalForm, "")} Japan K.K.`;
}

/** The product as an asset register writes it: the advisory's family, its series, or a trade name. */
function productSpelling(rand: Random, family: string): string {
  const words = family.split(/\s+/);
  const r = rand();
  if (r < 0.7 || words.length <= 2) return family;
  if (r < 0.85) return words.slice(0, 2).join(" ");
  return `${words[0]} ${pick(rand, ["Plus", "Pro", "Compact", "II"])}`;
}

/** A concrete model from an advisory's model number, wildcards filled in. */
const instantiate = (rand: Random, pattern: string) =>
  pattern.replace(/\*/g, () => randomText(rand, 2)).replace(/\?/g, () => randomText(rand, 1));

/** A model word of the family name ("R16PSFCPU", "1756-EN2TR", "XC206-2SFP"), if it has one. */
function modelWord(family: string): string | undefined {
  return family
    .split(/[\s,()]+/)
    .reverse()
    .find((w) => /\d/.test(w) && /[A-Za-z]/.test(w) && w.length >= 4);
}

/**
 * A version near one the advisories give: the same, just below or just above, so that assets fall on both
 * sides of the ranges' boundaries ("< V4.1.3": V4.1.3, V4.1.2 or V4.1.4).
 */
function versionNear(rand: Random, hints: readonly string[]): string {
  const hint = hints.length ? pick(rand, hints) : "";
  const found = /([Vv])?\s*(\d+(?:\.\d+)*)/.exec(hint);
  if (!found) return `${1 + Math.floor(rand() * 4)}.${Math.floor(rand() * 10)}.${Math.floor(rand() * 20)}`;
  const prefix = found[1] ? "V" : "";
  const parts = (found[2] as string).split(".").map(Number);
  const last = parts.length - 1;
  const r = rand();
  if (r < 0.3) parts[last] = (parts[last] as number) + 1 + Math.floor(rand() * 3);
  else if (r < 0.65) {
    const at = parts.findLastIndex((n) => n > 0);
    if (at >= 0) {
      parts[at] = (parts[at] as number) - 1;
      for (let i = at + 1; i < parts.length; i++) parts[i] = Math.floor(rand() * 10);
    }
  }
  return prefix + parts.join(".");
}

// ---------------------------------------------------------------------------------------------------------
// IT equipment and other assets no ICS advisory names (or only a few do)

interface Equipment {
  readonly vendor: string;
  readonly product: string;
  readonly models: readonly string[];
  /** A CPE with `{v}` for the version, when registers commonly record one. */
  readonly cpe?: string;
  readonly versions: readonly string[];
}

const equipment: readonly Equipment[] = [
  {
    vendor: "Microsoft",
    product: "Windows 10 Enterprise LTSC",
    models: [],
    cpe: "cpe:2.3:o:microsoft:windows_10_ltsc:{v}:*:*:*:*:*:x64:*",
    versions: ["1809", "21H2"],
  },
  {
    vendor: "Microsoft",
    product: "Windows Server 2019",
    models: [],
    cpe: "cpe:2.3:o:microsoft:windows_server_2019:{v}:*:*:*:*:*:*:*",
    versions: ["-", "10.0.17763"],
  },
  {
    vendor: "Microsoft",
    product: "Windows 11",
    models: [],
    cpe: "cpe:2.3:o:microsoft:windows_11_23h2:{v}:*:*:*:*:*:x64:*",
    versions: ["-"],
  },
  { vendor: "Dell", product: "OptiPlex", models: ["7090", "7010", "5000"], versions: ["1.18.0", "1.22.1"] },
  { vendor: "HP", product: "EliteDesk 800 G6", models: ["G6", "G9"], versions: ["02.15.00"] },
  { vendor: "Fujitsu", product: "ESPRIMO D7012", models: ["D7012"], versions: ["2.29"] },
  { vendor: "NEC", product: "Express5800 R120h", models: ["R120h-1M"], versions: ["1.2.0"] },
  { vendor: "Lenovo", product: "ThinkCentre M75q", models: ["11A4"], versions: ["M2WKT4BA"] },
  {
    vendor: "Cisco",
    product: "Catalyst 9300",
    models: ["C9300-48P", "C9300-24T"],
    cpe: "cpe:2.3:o:cisco:ios_xe:{v}:*:*:*:*:*:*:*",
    versions: ["17.9.4a", "17.6.5", "16.12.8"],
  },
  {
    vendor: "Fortinet",
    product: "FortiGate 100F",
    models: ["FG-100F"],
    cpe: "cpe:2.3:o:fortinet:fortios:{v}:*:*:*:*:*:*:*",
    versions: ["7.2.8", "7.4.4", "6.4.15"],
  },
  { vendor: "Yamaha", product: "RTX1300", models: ["RTX1300"], versions: ["Rev.23.01.02", "Rev.23.00.08"] },
  { vendor: "Allied Telesis", product: "CentreCOM x230", models: ["AT-x230-18GP"], versions: ["5.5.2-2.3"] },
  { vendor: "KEYENCE", product: "KV-8000", models: ["KV-8000", "KV-8000A"], versions: ["2.30", "2.41"] },
  { vendor: "Yaskawa", product: "YRC1000", models: ["ERAR-1000"], versions: ["YAS4.51.00A", "YAS4.60.00"] },
  { vendor: "Canon", product: "imageRUNNER ADVANCE DX", models: ["C5840F"], versions: ["93.05"] },
  { vendor: "RICOH", product: "IM C3000", models: ["IM C3000"], versions: ["1.09"] },
  { vendor: "Buffalo", product: "TeraStation TS3420DN", models: ["TS3420DN"], versions: ["4.12"] },
  { vendor: "I-O DATA", product: "LAN DISK", models: ["HDL2-AAX"], versions: ["1.21"] },
  { vendor: "Panasonic", product: "TOUGHBOOK FZ-55", models: ["FZ-55"], versions: ["V1.00L16"] },
  { vendor: "Apple", product: "iPad", models: ["A2602"], versions: ["17.5.1"] },
  { vendor: "Zebra", product: "TC52 handheld", models: ["TC520K"], versions: ["11-49-09"] },
  { vendor: "Hikvision", product: "DS-2CD2143G2-I", models: ["DS-2CD2143G2-I"], versions: ["V5.7.3"] },
];

// ---------------------------------------------------------------------------------------------------------
// Open-source packages: a head of well-known ones and a long tail made from them

interface Package {
  readonly purl: (version: string) => string;
  readonly product: string;
  readonly supplier?: string;
  readonly cpe?: (version: string) => string;
  readonly versions: readonly string[];
}

const npmNames = [
  "lodash",
  "express",
  "react",
  "axios",
  "debug",
  "ms",
  "chalk",
  "commander",
  "semver",
  "uuid",
  "moment",
  "ws",
  "yaml",
  "minimist",
  "qs",
  "body-parser",
  "cookie",
  "glob",
  "mime",
  "tslib",
  "@babel/core",
  "@types/node",
  "jsonwebtoken",
  "socket.io",
  "mqtt",
  "node-opcua",
  "modbus-serial",
];
const pypiNames = [
  "requests",
  "urllib3",
  "numpy",
  "pandas",
  "flask",
  "django",
  "pyyaml",
  "cryptography",
  "jinja2",
  "pymodbus",
  "paho-mqtt",
  "opcua",
  "setuptools",
  "six",
  "certifi",
  "idna",
];
const mavenNames = [
  "org.apache.logging.log4j/log4j-core",
  "org.springframework/spring-core",
  "com.fasterxml.jackson.core/jackson-databind",
  "org.eclipse.milo/sdk-client",
  "commons-io/commons-io",
  "org.apache.commons/commons-lang3",
  "com.google.guava/guava",
  "io.netty/netty-handler",
  "org.slf4j/slf4j-api",
];
const goNames = [
  "github.com/gin-gonic/gin",
  "github.com/gorilla/websocket",
  "golang.org/x/net",
  "golang.org/x/crypto",
  "github.com/eclipse/paho.mqtt.golang",
  "github.com/spf13/cobra",
  "google.golang.org/grpc",
];
/** C libraries of embedded Linux images: Debian packages, most with the CPE NVD gives them. */
const debianNames: readonly (readonly [string, string?])[] = [
  ["openssl", "openssl:openssl"],
  ["zlib", "zlib:zlib"],
  ["busybox", "busybox:busybox"],
  ["curl", "haxx:curl"],
  ["libxml2", "xmlsoft:libxml2"],
  ["sqlite3", "sqlite:sqlite"],
  ["openssh", "openbsd:openssh"],
  ["dropbear-bin", "dropbear_ssh_project:dropbear_ssh"],
  ["lighttpd", "lighttpd:lighttpd"],
  ["libmbedtls", "arm:mbed_tls"],
  ["glibc", "gnu:glibc"],
  ["libexpat1", "libexpat_project:libexpat"],
  ["bash", "gnu:bash"],
  ["libc-ares2"],
  ["libssh2-1"],
  ["libpcap0.8"],
];
const suppliers = [
  "The Apache Software Foundation",
  "Eclipse Foundation",
  "Python Software Foundation",
  "OpenJS Foundation",
  "Google LLC",
  "Debian",
];
const tails = ["utils", "core", "client", "lite", "extra", "compat", "plugin", "cli", "async", "types"];

function packageUniverse(rand: Random, size: number): Package[] {
  const semver = () =>
    Array.from(
      { length: 2 + Math.floor(rand() * 4) },
      () => `${Math.floor(rand() * 6)}.${Math.floor(rand() * 30)}.${Math.floor(rand() * 12)}`,
    );
  const debianVersion = () =>
    Array.from(
      { length: 2 + Math.floor(rand() * 3) },
      () =>
        `${1 + Math.floor(rand() * 3)}.${Math.floor(rand() * 12)}.${Math.floor(rand() * 9)}-${1 + Math.floor(rand() * 3)}`,
    );
  const supplier = () => (rand() < 0.25 ? { supplier: pick(rand, suppliers) } : {});
  const npm = (name: string): Package => ({
    purl: (v) => `pkg:npm/${name.replace("@", "%40")}@${v}`,
    product: name.startsWith("@") ? name.replace("/", " ") : name,
    versions: semver(),
    ...supplier(),
  });
  const pypi = (name: string): Package => ({
    purl: (v) => `pkg:pypi/${name}@${v}`,
    product: name,
    versions: semver(),
    ...supplier(),
  });
  const maven = (name: string): Package => ({
    purl: (v) => `pkg:maven/${name}@${v}`,
    product: name.replace("/", " "),
    versions: semver(),
    ...supplier(),
  });
  const golang = (name: string): Package => ({
    purl: (v) => `pkg:golang/${name}@v${v}`,
    product: name,
    versions: semver(),
    ...supplier(),
  });
  const debian = ([name, cpe]: readonly [string, string?]): Package => ({
    purl: (v) => `pkg:deb/debian/${name}@${v}?arch=armhf`,
    product: name,
    versions: debianVersion(),
    ...(cpe ? { cpe: (v: string) => `cpe:2.3:a:${cpe}:${v.replace(/-.*$/, "")}:*:*:*:*:*:*:*` } : {}),
    supplier: "Debian",
  });
  const head: Package[] = [
    ...npmNames.map(npm),
    ...pypiNames.map(pypi),
    ...mavenNames.map(maven),
    ...goNames.map(golang),
    ...debianNames.map(debian),
  ];
  const universe = [...head];
  for (let i = 0; universe.length < size; i++) {
    const base = pick(rand, [...npmNames, ...pypiNames]).replace(/^@[^/]+\//, "");
    const name = `${base}-${pick(rand, tails)}${i % 7 === 0 ? "" : `-${i}`}`;
    universe.push(rand() < 0.6 ? npm(name) : pypi(name));
  }
  return universe;
}

// ---------------------------------------------------------------------------------------------------------

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "") || "x";

/**
 * A SHA-256-shaped digest of a text (FNV-1a, eight seeds): the same package release has the same file hash
 * in every SBOM, and drawing it takes nothing from the random sequence, so inventories stay as they were.
 */
function fakeSha256(text: string): string {
  let out = "";
  for (let seed = 0; seed < 8; seed++) {
    let h = (0x811c9dc5 ^ seed) >>> 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, "0");
  }
  return out;
}

export function generateInventory(options: InventoryOptions): GeneratedInventory {
  const rand = random(options.seed ?? 1);
  const assetTotal = Math.max(0, Math.floor(options.assets ?? 100_000));
  const sbomTotal = Math.max(0, Math.floor(options.sboms ?? 1000));
  const perSbom = Math.max(0, Math.floor(options.componentsPerSbom ?? 1000));
  const devices = devicesOf(options.products);

  // Vendors weighted by the square root of their families (Siemens would otherwise be half the plant).
  const families = new Map<string, Device[]>();
  for (const device of devices) {
    const list = families.get(device.vendor);
    if (list) list.push(device);
    else families.set(device.vendor, [device]);
  }
  const vendors = [...families.keys()];
  const pickVendor = weightedPicker(
    vendors,
    (v) => Math.sqrt(families.get(v)?.length ?? 0) * (japanesePlantVendors.test(v) ? 4 : 1),
  );
  const pickDevice = (r: Random) => pick(r, families.get(pickVendor(r)) ?? []);

  // A plant standardises: one kind of device (vendor, product, model, firmware release) per twelve assets,
  // some installed hundreds of times, most a few times. Kinds are drawn first, then assets from the kinds.
  type Kind = Omit<GeneratedItem, "id" | "serialNumbers">;
  const kinds: Kind[] = [];
  const kindTotal = Math.max(1, Math.ceil(assetTotal / 12));
  for (let k = 0; k < kindTotal; k++) {
    if (devices.length > 0 && rand() < 0.55) {
      const device = pickDevice(rand);
      const model =
        device.models.length > 0 && rand() < 0.85
          ? instantiate(rand, pick(rand, device.models))
          : rand() < 0.6
            ? modelWord(device.family)
            : undefined;
      const version = rand() < 0.9 ? versionNear(rand, device.versions) : undefined;
      kinds.push({
        vendor: vendorSpelling(rand, device.vendor),
        product: productSpelling(rand, device.family),
        ...(model ? { model } : {}),
        ...(version ? { version } : {}),
      });
    } else {
      const kind = pick(rand, equipment);
      const version = pick(rand, kind.versions);
      kinds.push({
        vendor: kind.vendor,
        product: kind.product,
        ...(kind.models.length ? { model: pick(rand, kind.models) } : {}),
        ...(version !== "-" ? { version } : {}),
        ...(kind.cpe && rand() < 0.7 ? { cpe: kind.cpe.replace("{v}", version) } : {}),
      });
    }
  }
  const pickKind = weightedPicker(
    kinds.map((_, rank) => rank),
    (rank) => 1 / (rank + 1) ** 0.7,
  );
  const assets: GeneratedItem[] = [];
  for (let i = 0; i < assetTotal; i++) {
    const id = `asset-${String(i + 1).padStart(6, "0")}`;
    const kind = kinds[pickKind(rand)] as Kind;
    // Serial numbers are the unit's own.
    assets.push(
      rand() < 0.15
        ? { id, ...kind, serialNumbers: [`${randomText(rand, 2)}${randomText(rand, 8, "0123456789")}`] }
        : { id, ...kind },
    );
  }

  const universe = packageUniverse(rand, 12_000);
  // Popularity falls with rank (Zipf, s = 1): a few packages are in nearly every SBOM, most in a few.
  const pickPackage = weightedPicker(
    universe.map((_, rank) => rank),
    (rank) => 1 / (rank + 1),
  );
  // OT components: protocol stacks and runtimes inside the products, or another maker's firmware, in the
  // releases the products ship with (a few hundred, shared by many SBOMs).
  const embedded = devices.filter((d) => embeddedVendors.test(d.vendor));
  const firmware: Omit<GeneratedItem, "id">[] = [];
  const purls = new Set<string>();
  for (let f = 0; devices.length > 0 && f < Math.min(600, sbomTotal * 2); f++) {
    const device = embedded.length > 0 && rand() < 0.5 ? pick(rand, embedded) : pickDevice(rand);
    const version = versionNear(rand, device.versions);
    const purl = `pkg:generic/${slug(device.vendor)}/${slug(device.family)}@${version}`;
    if (purls.has(purl)) continue;
    purls.add(purl);
    // SBOM tools often leave the supplier out, and name firmware their own way.
    const r = rand();
    const product = r < 0.5 ? device.family : r < 0.75 ? slug(device.family) : `${device.family} firmware`;
    const cpe =
      rand() < 0.5
        ? `cpe:2.3:o:${slug(device.vendor)}:${slug(device.family)}_firmware:${version.replace(/^V/, "")}:*:*:*:*:*:*:*`
        : undefined;
    firmware.push({
      ...(rand() < 0.6 ? { vendor: device.vendor } : {}),
      product,
      version,
      purl,
      ...(cpe ? { cpe } : {}),
    });
  }
  // Most SBOM tools record a hash of each library they find (seven in ten here), the same for a release.
  const hashesOf = new Map<string, GeneratedItem["hashes"] | null>();
  const hashed = (purl: string) => {
    let found = hashesOf.get(purl);
    if (found === undefined) {
      const content = fakeSha256(purl);
      found = Number.parseInt(content.slice(0, 2), 16) < 179 ? [{ alg: "SHA-256", content }] : null;
      hashesOf.set(purl, found);
    }
    return found ?? undefined;
  };
  const sboms: GeneratedSbom[] = [];
  for (let s = 0; s < sbomTotal; s++) {
    const sbomId = `sbom-${String(s + 1).padStart(4, "0")}`;
    const components: GeneratedItem[] = [];
    // A package and version once per SBOM; popular packages are drawn again and again, so the draw is
    // checked before any text is made.
    const drawn = new Set<number>();
    const firmwareDrawn = new Set<number>();
    for (let guard = 0; components.length < perSbom && guard < perSbom * 8; guard++) {
      if (firmware.length > 0 && rand() < 0.02) {
        const which = Math.floor(rand() * firmware.length);
        if (firmwareDrawn.has(which)) continue;
        firmwareDrawn.add(which);
        const component = firmware[which] as Omit<GeneratedItem, "id">;
        components.push({ id: `${sbomId}/${component.purl}`, ...component });
        continue;
      }
      const rank = pickPackage(rand);
      const p = universe[rank] as Package;
      const which = Math.floor(rand() * p.versions.length);
      if (drawn.has(rank * 8 + which)) continue;
      drawn.add(rank * 8 + which);
      const version = p.versions[which] as string;
      const purl = p.purl(version);
      const id = `${sbomId}/${purl}`;
      const cpe = p.cpe?.(version);
      const hashes = hashed(purl);
      components.push({
        id,
        ...(p.supplier ? { vendor: p.supplier } : {}),
        product: p.product,
        version,
        purl,
        ...(cpe ? { cpe } : {}),
        ...(hashes ? { hashes } : {}),
      });
    }
    const device = devices.length > 0 ? pickDevice(rand) : undefined;
    sboms.push({
      id: sbomId,
      name: device ? `${device.vendor} ${device.family}` : `Product ${s + 1}`,
      components,
    });
  }
  return { assets, sboms };
}
