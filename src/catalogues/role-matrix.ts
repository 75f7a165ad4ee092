import type { LocalizedText } from "../model/common.js";
import type { Site } from "../model/site.js";
import type { oodaPhases, oodaStages } from "../model/vocabulary.js";
import type { OodaRole } from "./schema.js";

/**
 * The OODA role matrix that applies to a site (Step 3, サイバー攻撃の早期認識と対処): the site's own when it
 * has one, otherwise the supplement's example tables with each named party resolved to the site's
 * departments and organisations of that type. A party the site has no department for stays as the
 * seed's words with no ids, so the gap is visible instead of silently dropped.
 */

export type OodaPhase = keyof typeof oodaPhases;
export type OodaStage = keyof typeof oodaStages;
export const phaseOrder: OodaPhase[] = ["preventive", "damage"];
export const stageOrder: OodaStage[] = ["observe", "orient", "decide", "act"];

export interface ResolvedParty {
  text: LocalizedText;
  /** Ids of the site's departments or organisations; empty when the site has none of this kind. */
  ids: string[];
}

export interface ResolvedStage {
  responsible: ResolvedParty[];
  decisionMakers: { title: LocalizedText; department?: string; condition?: LocalizedText }[];
  activities: LocalizedText[];
}

export interface ResolvedRoleMatrix {
  source: "site" | "guideline";
  phases: Record<OodaPhase, Record<OodaStage, ResolvedStage>>;
}

export function resolveRoleMatrix(site: Site, seedRoles: readonly OodaRole[]): ResolvedRoleMatrix {
  const departments = site.departments ?? [];
  const organisations = site.organisations ?? [];
  const nameOf = (id: string): LocalizedText =>
    departments.find((d) => d.id === id)?.name ?? organisations.find((o) => o.id === id)?.name ?? id;

  const build = (stage: (phase: OodaPhase, stage: OodaStage) => ResolvedStage) =>
    Object.fromEntries(
      phaseOrder.map((phase) => [phase, Object.fromEntries(stageOrder.map((s) => [s, stage(phase, s)]))]),
    ) as ResolvedRoleMatrix["phases"];

  const own = site.roleMatrix;
  if (own) {
    return {
      source: "site",
      phases: build((phase, stage) => {
        const cell = own[phase][stage];
        return {
          responsible: cell.responsible.map((id) => ({ text: nameOf(id), ids: [id] })),
          decisionMakers: cell.decisionMakers,
          activities: cell.activities,
        };
      }),
    };
  }

  return {
    source: "guideline",
    phases: build((phase, stage) => {
      const seed = seedRoles.find((r) => r.phase === phase && r.stage === stage);
      if (!seed) return { responsible: [], decisionMakers: [], activities: [] };
      return {
        responsible: seed.responsible.map((party) => ({
          text: party.text,
          ids: [
            ...departments.filter((d) => party.departmentTypes?.includes(d.type)).map((d) => d.id),
            ...organisations.filter((o) => party.organisationTypes?.includes(o.type)).map((o) => o.id),
          ],
        })),
        decisionMakers: seed.decisionMakers.map((maker) => {
          const department = departments.find((d) => d.type === maker.departmentType);
          return {
            title: maker.text,
            ...(department ? { department: department.id } : {}),
            ...(maker.condition ? { condition: maker.condition } : {}),
          };
        }),
        activities: seed.activities,
      };
    }),
  };
}
