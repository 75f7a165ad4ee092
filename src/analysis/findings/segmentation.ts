import type { AssetType } from "../../model/vocabulary.js";
import { type Reason, reason } from "../reasons.js";
import { because, isDevice, makeFinding, type ZoneType, zoneSubject } from "./helpers.js";
import { ruleTexts } from "./messages.js";
import type { Finding, FindingRule } from "./types.js";

/**
 * Segmentation inside the plant: a zone that holds most of the plant is no zone at all, and a control zone
 * with office equipment in it has the office's exposure (mail, web, printers) next to the controllers.
 */

/** Office-type devices that have no business beside controllers. */
const itDevices: ReadonlySet<AssetType> = new Set<AssetType>([
  "office-pc",
  "erp-server",
  "file-server",
  "printer",
]);
const controllers: ReadonlySet<AssetType> = new Set<AssetType>([
  "plc",
  "safety-plc",
  "dcs-controller",
  "rtu",
]);

/** A zone is flat when it holds more than this share of the site's devices, and more than `flatMinimum` of them. */
export const flatShare = 0.6;
export const flatMinimum = 20;

export const flatNetwork: FindingRule = {
  id: "flat-network",
  severity: "high",
  ...ruleTexts("flat-network"),
  references: {
    threagile: "missing-network-segmentation",
    iec62443: ["SR 5.1"],
    attack: ["T0866", "T0867", "M0930"],
  },
  check({ index }) {
    let total = 0;
    for (const asset of index.assets.values()) if (isDevice(asset.type)) total++;
    const findings: Finding[] = [];
    for (const zone of index.zones.values()) {
      const members = index.assetsOfZone.get(zone.id) ?? [];
      const types = index.assetTypesOfZone.get(zone.id);
      const mixed =
        zone.type === "control" &&
        [...itDevices].some((type) => types?.has(type)) &&
        [...controllers].some((type) => types?.has(type));
      // Only a zone of more than `flatMinimum` members can be flat; count its devices only then.
      let count = 0;
      if (members.length > flatMinimum) for (const asset of members) if (isDevice(asset.type)) count++;
      const flat = count > flatMinimum && count > flatShare * total;
      if (!flat && !mixed) continue;
      const devices = members.filter((asset) => isDevice(asset.type));
      const reasons: Reason[] = [];
      if (flat)
        reasons.push(
          reason("finding.because.device-share", {
            zone: zone.id,
            devices: devices.length,
            total,
            percent: Math.round((100 * devices.length) / total),
          }),
        );
      if (mixed) {
        const it = devices.filter((asset) => itDevices.has(asset.type)).map((asset) => asset.id);
        const ctl = devices.filter((asset) => controllers.has(asset.type)).map((asset) => asset.id);
        reasons.push(
          because.assets("finding.because.it-devices", zone, it),
          because.assets("finding.because.controllers", zone, ctl),
        );
      }
      findings.push(
        makeFinding(
          this,
          zoneSubject(zone),
          { zone: zone.id, devices: devices.length, total },
          [because.zoneType(zone), ...reasons],
          flat ? { variant: "share" } : { variant: "mixed", severity: "medium" },
        ),
      );
    }
    return findings;
  },
};

const controlZones: ReadonlySet<ZoneType> = new Set<ZoneType>(["control", "safety"]);

/**
 * General-purpose products (汎用品: off-the-shelf PCs, switches, cameras, printers) inside control and safety
 * zones: their security cannot be specified by the buyer, so the supplement asks for them to be checked at
 * procurement and kept up to date — and kept out of the zones that move machines where possible.
 */
export const generalPurposeInControlZone: FindingRule = {
  id: "general-purpose-in-control-zone",
  severity: "medium",
  ...ruleTexts("general-purpose-in-control-zone"),
  references: {
    iec62443: ["SR 7.7", "SR 3.2"],
    attack: ["T0862", "M0817", "M0951"],
  },
  check({ index }) {
    const findings: Finding[] = [];
    for (const zone of index.zones.values()) {
      if (!controlZones.has(zone.type)) continue;
      const products = (index.assetsOfZone.get(zone.id) ?? [])
        .filter((asset) => asset.generalPurpose === true)
        .map((asset) => asset.id);
      if (products.length === 0) continue;
      findings.push(
        makeFinding(
          this,
          zoneSubject(zone),
          { zone: zone.id, count: products.length },
          [because.zoneType(zone), because.assets("finding.because.general-purpose", zone, products)],
          zone.type === "safety" ? { severity: "high" } : {},
        ),
      );
    }
    return findings;
  },
};

export const segmentationRules: FindingRule[] = [flatNetwork, generalPurposeInControlZone];
