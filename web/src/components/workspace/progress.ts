import type { AnalysisReport } from "../../../../src/analysis/report";
import type { Site } from "../../../../src/model/site";
import { assetTypes } from "../../../../src/model/vocabulary";
import type { EditableCollection } from "./entities";

/**
 * How far a site is along each step, computed from the model (and, for 2-1 and 2-2, the analysis): per
 * step a few checks, each with the items still missing something. A step is done when it has what it
 * is about and no check lists anything.
 */
export const steps = ["1-1", "1-2", "1-3", "1-4", "1-5", "1-6", "1-7", "2-1", "2-2"] as const;
export type Step = (typeof steps)[number];

export interface Missing {
  collection: EditableCollection;
  id: string;
  name: unknown;
}

export interface Check {
  /** i18n key under workspace.check. */
  key: string;
  items: Missing[];
}

export interface StepProgress {
  step: Step;
  /** What the step produced: key under workspace.count with its number. */
  counts: { key: string; count: number }[];
  /** Items checked and items that pass, for the progress bar. */
  total: number;
  done: number;
  checks: Check[];
  /** The step has nothing yet (e.g. no requirement at all). */
  empty: boolean;
  /** The step's checks need the analysis, which is not there yet. */
  pending?: boolean;
}

type Entity = { id: string; name?: unknown; title?: unknown };

function missing(collection: EditableCollection, items: Entity[]): Missing[] {
  return items.map((item) => ({ collection, id: item.id, name: item.name ?? item.title }));
}

function progress(
  step: Step,
  counts: StepProgress["counts"],
  total: number,
  checks: Check[],
  empty = total === 0,
): StepProgress {
  const failing = new Set(checks.flatMap((c) => c.items.map((i) => `${i.collection}:${i.id}`)));
  return { step, counts, total, done: Math.max(0, total - failing.size), checks, empty };
}

export function siteProgress(
  site: Site,
  report: Pick<AnalysisReport, "zones"> | null | undefined,
): StepProgress[] {
  const requirements = site.requirements ?? [];
  const departments = site.departments ?? [];
  const organisations = site.organisations ?? [];
  const operations = site.operations ?? [];
  const assets = site.assets ?? [];
  const zones = site.zones ?? [];
  const externals = site.externals ?? [];
  const conduits = site.conduits ?? [];
  const countermeasures = site.countermeasures ?? [];

  const inZone = new Set(zones.flatMap((z) => z.assets ?? []));
  const connected = new Set(conduits.flatMap((c) => [c.from, c.to]));
  const devices = assets.filter(
    (a) => (assetTypes as Record<string, { category: string }>)[a.type]?.category === "device",
  );
  const reportZones = new Map((report?.zones ?? []).map((z) => [z.id, z]));

  return [
    progress(
      "1-1",
      [
        { key: "requirements", count: requirements.length },
        { key: "departments", count: departments.length },
        { key: "organisations", count: organisations.length },
      ],
      requirements.length,
      [
        {
          key: "requirementsWithoutStakeholders",
          items: missing(
            "requirements",
            requirements.filter((r) => (r.stakeholders ?? []).length === 0),
          ),
        },
      ],
      requirements.length === 0 || departments.length === 0,
    ),
    progress("1-2", [{ key: "operations", count: operations.length }], operations.length, [
      {
        key: "operationsWithoutResponsible",
        items: missing(
          "operations",
          operations.filter((o) => o.responsible === undefined),
        ),
      },
    ]),
    progress("1-3", [{ key: "operations", count: operations.length }], operations.length, [
      {
        key: "operationsWithoutReasons",
        items: missing(
          "operations",
          operations.filter((o) => (o.reasons ?? []).length === 0),
        ),
      },
    ]),
    progress("1-4", [{ key: "assets", count: assets.length }], assets.length, [
      {
        key: "devicesWithoutModel",
        items: missing(
          "assets",
          devices.filter((a) => !a.model && !a.product && !a.cpe),
        ),
      },
      {
        key: "assetsWithoutOwner",
        items: missing(
          "assets",
          assets.filter((a) => a.owner === undefined && a.maintainer === undefined),
        ),
      },
    ]),
    progress("1-5", [{ key: "assets", count: assets.length }], assets.length, [
      {
        key: "assetsWithoutOperation",
        items: missing(
          "assets",
          assets.filter((a) => (a.operations ?? []).length === 0 && (a.hostedOn ?? []).length === 0),
        ),
      },
      {
        key: "assetsWithoutImportance",
        items: missing(
          "assets",
          assets.filter(
            (a) =>
              a.importance === undefined &&
              (a.operations ?? []).length === 0 &&
              (a.hostedOn ?? []).length === 0,
          ),
        ),
      },
    ]),
    progress(
      "1-6",
      [
        { key: "zones", count: zones.length },
        { key: "externals", count: externals.length },
        { key: "conduits", count: conduits.length },
      ],
      devices.length + zones.length,
      [
        {
          key: "devicesWithoutZone",
          items: missing(
            "assets",
            devices.filter((a) => !inZone.has(a.id)),
          ),
        },
        {
          key: "zonesWithoutConduits",
          items: missing(
            "zones",
            zones.filter((z) => !connected.has(z.id)),
          ),
        },
      ],
      zones.length === 0,
    ),
    progress("1-7", [{ key: "zones", count: zones.length }], zones.length, [
      {
        key: "zonesWithoutLevel",
        items: missing(
          "zones",
          zones.filter((z) => z.securityLevel === undefined),
        ),
      },
    ]),
    progress("2-1", [{ key: "zones", count: zones.length }], zones.length, [
      {
        key: "zonesWithDraftPolicy",
        items: missing(
          "zones",
          zones.filter((z) => z.policy === undefined),
        ),
      },
    ]),
    {
      ...progress(
        "2-2",
        [
          { key: "countermeasures", count: countermeasures.length },
          {
            key: "implemented",
            count: countermeasures.filter((c) => c.status === "implemented").length,
          },
        ],
        zones.length,
        [
          {
            key: "zonesWithGaps",
            items: missing(
              "zones",
              zones.filter((z) => (reportZones.get(z.id)?.gaps ?? []).length > 0),
            ),
          },
        ],
        countermeasures.length === 0,
      ),
      ...(report ? {} : { pending: true }),
    },
  ];
}
