import type { Asset, Conduit, Control, External, Site, Zone } from "../../../model/site.js";
import { validateValue } from "../../../model/validate.js";
import { deriveImportance } from "../../importance.js";
import { indexSite } from "../../site-index.js";
import type { ControlType, ExternalKind, ProtocolKey, ZoneType } from "../helpers.js";
import { createRuleContext, type Finding, type FindingRule, runFindingRules } from "../index.js";

/**
 * Tiny hand-built sites for the rule tests. Every site is checked with the model's validator before a rule
 * sees it, so a test can never pass on a document Mamori would reject.
 */

export function zone(
  id: string,
  type: ZoneType,
  options: { level?: string; assets?: string[]; operations?: string[] } = {},
): Zone {
  return {
    id,
    name: id,
    type,
    ...(options.level ? { securityLevel: { target: options.level } } : {}),
    ...(options.assets ? { assets: options.assets } : {}),
    ...(options.operations ? { operations: options.operations } : {}),
  };
}

export function asset(id: string, type: Asset["type"], extra: Partial<Asset> = {}): Asset {
  return { id, name: id, type, ...extra };
}

export function external(id: string, kind: ExternalKind): External {
  return { id, name: id, kind };
}

export function conduit(
  id: string,
  from: string,
  to: string,
  options: {
    direction?: Conduit["direction"];
    protocols?: ProtocolKey[];
    controls?: (ControlType | Control)[];
    medium?: Conduit["medium"];
  } = {},
): Conduit {
  return {
    id,
    from,
    to,
    direction: options.direction ?? "bidirectional",
    ...(options.medium ? { medium: options.medium } : {}),
    ...(options.protocols ? { protocols: options.protocols.map((protocol) => ({ protocol })) } : {}),
    ...(options.controls
      ? {
          controls: options.controls.map((control) =>
            typeof control === "string" ? { type: control } : control,
          ),
        }
      : {}),
  };
}

export function site(parts: Omit<Partial<Site>, "kind" | "schemaVersion">): Site {
  return { kind: "site", schemaVersion: 1, id: "test-site", name: "test", ...parts };
}

/** The site as the validator accepts it; throws with the problems when it does not. */
export function valid(candidate: Site): Site {
  const result = validateValue(candidate);
  if (result.valid?.kind !== "site")
    throw new Error(`invalid test site: ${JSON.stringify(result.problems.slice(0, 3))}`);
  return result.valid.document;
}

export function run(rules: FindingRule | FindingRule[], candidate: Site, asOf?: string): Finding[] {
  const index = indexSite(valid(candidate));
  const context = createRuleContext(index, deriveImportance(index), asOf ? { asOf } : {});
  return runFindingRules(context, Array.isArray(rules) ? rules : [rules]);
}

export const subjects = (findings: Finding[]) =>
  findings.map((finding) => `${finding.subject.kind}:${finding.subject.id}`);
