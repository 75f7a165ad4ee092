import type { Catalogues } from "../catalogues/load.js";
import type { Site, Treatment } from "../model/site.js";
import { computeExposure, type ZoneExposure } from "./exposure.js";
import { createRuleContext, type Finding, runFindingRules } from "./findings/index.js";
import { deriveImportance, type ImportanceResult } from "./importance.js";
import { draftPolicies, type ZonePolicy } from "./policy.js";
import { type ZoneRequirement, zoneRequirements } from "./requirements.js";
import { buildRiskRegister, type Risk } from "./risks.js";
import { indexSite, type SiteIndex } from "./site-index.js";
import { applyThreats, type ZoneThreat } from "./threats.js";

/**
 * The analysis of a valid site, from Step 1 to Step 2: importance, zone requirements and policies,
 * threats, countermeasure coverage and gaps, and the risk register. Pure and deterministic: the same site
 * and catalogues give the same result, in Node and in the browser.
 */
export interface Analysis {
  index: SiteIndex;
  importance: ImportanceResult;
  exposure: Map<string, ZoneExposure>;
  zoneThreats: ZoneThreat[];
  requirements: ZoneRequirement[];
  policies: ZonePolicy[];
  risks: Risk[];
  orphanedTreatments: Treatment[];
  findings: Finding[];
}

export interface AnalysisOptions {
  /** The date the analysis speaks for (YYYY-MM-DD), for end-of-support checks. The core has no clock:
   * surfaces pass today's date; without one, date-bound rules stay silent. */
  asOf?: string;
}

export function analyzeSite(site: Site, catalogues: Catalogues, options: AnalysisOptions = {}): Analysis {
  const index = indexSite(site);
  const importance = deriveImportance(index);
  const exposure = computeExposure(index);
  const zoneThreats = applyThreats(index, catalogues, exposure);
  const requirements = zoneRequirements(index, catalogues, importance, exposure, zoneThreats);
  const policies = draftPolicies(index, catalogues, exposure, zoneThreats, requirements);
  const { risks, orphanedTreatments } = buildRiskRegister(index, importance, zoneThreats, requirements);
  const findings = runFindingRules(
    createRuleContext(index, importance, options.asOf ? { asOf: options.asOf } : {}),
  );
  return {
    index,
    importance,
    exposure,
    zoneThreats,
    requirements,
    policies,
    risks,
    orphanedTreatments,
    findings,
  };
}
