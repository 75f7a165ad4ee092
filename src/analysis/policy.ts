import type { Catalogues } from "../catalogues/load.js";
import { translator } from "../i18n/index.js";
import { textIn } from "../model/common.js";
import type { ZoneExposure } from "./exposure.js";
import type { ZoneRequirement } from "./requirements.js";
import type { SiteIndex } from "./site-index.js";
import type { ZoneThreat } from "./threats.js";

/**
 * Step 2-1: a security policy per zone. The site's own text wins; otherwise Mamori drafts one from the
 * zone's importance, level, connections, threats and required countermeasures, in both languages, for
 * people to edit and save into `zones[].policy` — where it survives every later analysis.
 */
export interface ZonePolicy {
  zone: string;
  source: "site" | "draft";
  text: { ja: string; en: string };
}

/** The distinct defined keys of the items, sorted (a zone's hundred mitigations name a few areas). */
function distinctSorted<T, K extends string>(items: readonly T[], keyOf: (item: T) => K | undefined): K[] {
  const keys = new Set<K>();
  for (const item of items) {
    const key = keyOf(item);
    if (key !== undefined) keys.add(key);
  }
  return [...keys].sort();
}

export function draftPolicies(
  index: SiteIndex,
  catalogues: Catalogues,
  exposure: Map<string, ZoneExposure>,
  zoneThreats: ZoneThreat[],
  requirements: ZoneRequirement[],
): ZonePolicy[] {
  const threatsOf = new Map<string, ZoneThreat[]>();
  for (const zt of zoneThreats) {
    const list = threatsOf.get(zt.zone);
    if (list) list.push(zt);
    else threatsOf.set(zt.zone, [zt]);
  }
  const keys = [
    "purpose",
    "noOperations",
    "connections",
    "noControls",
    "noExternal",
    "threats",
    "gaps",
  ] as const;
  const templates = Object.fromEntries(
    (["ja", "en"] as const).map((lang) => [
      lang,
      Object.fromEntries(keys.map((key) => [key, translator(lang).template(`policy.${key}`)])),
    ]),
  ) as Record<
    "ja" | "en",
    Record<(typeof keys)[number], (params: Record<string, string | number>) => string>
  >;
  const controlOf = new Map(catalogues.countermeasures.map((c) => [c.id, c.conduitControl]));
  return requirements.map((requirement) => {
    const zone = index.zones.get(requirement.zone);
    if (zone?.policy) {
      return {
        zone: requirement.zone,
        source: "site",
        text: { ja: textIn(zone.policy, "ja"), en: textIn(zone.policy, "en") },
      };
    }
    // What the draft says, in keys; only the labels differ between the two languages.
    const required = requirement.mitigations.filter((m) => m.required);
    const threats = threatsOf.get(requirement.zone) ?? [];
    const controlKeys = distinctSorted(required, (m) => controlOf.get(m.countermeasure));
    const kindKeys = distinctSorted(threats, (zt) => zt.threatKind);
    const areaKeys = distinctSorted(required, (m) => m.area);
    const text = (lang: "ja" | "en") => {
      const { label } = translator(lang);
      const t = templates[lang];
      const list = (items: string[]) => items.join(lang === "ja" ? "、" : ", ");
      const level =
        index.scales.securityLevel.find((l) => l.key === requirement.targetLevel.value)?.label[lang] ?? "";
      const importance =
        index.scales.importance.find((l) => l.key === requirement.importance.value)?.label[lang] ?? "";
      const operations = (zone?.operations ?? []).map((id) => textIn(index.operations.get(id)?.name, lang));
      const externals = (exposure.get(requirement.zone)?.direct ?? []).map((id) =>
        textIn(index.externals.get(id)?.name, lang),
      );
      const controls = controlKeys.map((c) => label("controlTypes", c));
      const kinds = kindKeys.map((k) => label("threatKinds", k));
      const areas = areaKeys.map((a) => label("countermeasureAreas", a));
      const parts = [
        t.purpose({
          zone: textIn(zone?.name, lang),
          operations: operations.length > 0 ? list(operations) : t.noOperations({}),
          importance,
          level,
        }),
        externals.length > 0
          ? t.connections({
              externals: list(externals),
              controls: controls.length > 0 ? list(controls) : t.noControls({}),
            })
          : t.noExternal({}),
      ];
      if (kinds.length > 0) {
        parts.push(
          t.threats({
            count: threats.length,
            kinds: list(kinds),
            areas: list(areas),
          }),
        );
      }
      if (requirement.coverage.missing > 0) parts.push(t.gaps({ count: requirement.coverage.missing }));
      return parts.join(lang === "ja" ? "" : " ");
    };
    return { zone: requirement.zone, source: "draft", text: { ja: text("ja"), en: text("en") } };
  });
}
