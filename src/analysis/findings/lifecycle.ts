import { assetTypes } from "../../model/vocabulary.js";
import { reason } from "../reasons.js";
import { makeFinding } from "./helpers.js";
import { ruleTexts } from "./messages.js";
import type { Finding, FindingRule } from "./types.js";

/**
 * The support period (サポート期間): after it, the vendor ships no security fixes. The core has no clock, so
 * the rule compares `supportEnds` with the context's `asOf` date and says nothing when none is given.
 * Ended: high. Ending within `soonDays` of `asOf`: medium, so replacement can be planned in time.
 */
export const soonDays = 365;

const day = 24 * 60 * 60 * 1000;

function dayNumber(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1) / day;
}

export const endOfSupport: FindingRule = {
  id: "end-of-support",
  severity: "high",
  ...ruleTexts("end-of-support"),
  references: {
    attack: ["T0866", "M0951", "M0817"],
  },
  check({ index, asOf }) {
    if (asOf === undefined) return [];
    const today = dayNumber(asOf);
    const findings: Finding[] = [];
    for (const asset of index.assets.values()) {
      if (asset.supportEnds === undefined) continue;
      const category = assetTypes[asset.type].category;
      if (category !== "device" && category !== "software") continue;
      const days = dayNumber(asset.supportEnds) - today;
      if (days > soonDays) continue;
      const params = { asset: asset.id, date: asset.supportEnds, asOf, days: Math.abs(days) };
      const zone = index.zoneOfAsset.get(asset.id);
      const because = [
        reason("finding.because.support-ends", { asset: asset.id, date: asset.supportEnds, asOf }),
        ...(zone ? [reason("finding.because.asset-in-zone", { asset: asset.id, zone })] : []),
      ];
      findings.push(
        makeFinding(
          this,
          { kind: "asset", id: asset.id },
          params,
          because,
          days < 0 ? {} : { variant: "soon", severity: "medium" },
        ),
      );
    }
    return findings;
  },
};

export const lifecycleRules: FindingRule[] = [endOfSupport];
