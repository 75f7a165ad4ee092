import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { crossingWhy, importanceWhy, type Report, type ReportWith } from "./data";
import { LazyDetails, Why } from "./Why";

type Path = Report["attackPaths"][number];

/** Each target's k easiest paths, easiest first. */
function easiestByTarget(report: Pick<Report, "attackPaths">, k: number): Map<string, Path[]> {
  const byTarget = new Map<string, Path[]>();
  for (const path of report.attackPaths) {
    const list = byTarget.get(path.target) ?? [];
    list.push(path);
    byTarget.set(path.target, list);
  }
  for (const [target, list] of byTarget)
    byTarget.set(target, list.sort((a, b) => a.score - b.score || a.id.localeCompare(b.id)).slice(0, k));
  return byTarget;
}

/** The easiest attack paths to each critical asset, with the cut the analysis recommends. */
export function PathsView({
  report,
  site,
}: {
  report: ReportWith<"attackPaths" | "crossings" | "cuts" | "assets">;
  site: string;
}) {
  const { t } = useTranslation();
  const scale = report.scales.importance ?? [];
  const top = scale[scale.length - 1]?.key ?? "";
  const [minimum, setMinimum] = useState(top);
  const importance = useMemo(() => new Map(report.assets.map((a) => [a.id, a.importance])), [report]);
  const targets = useMemo(() => {
    const rank = (key: string) => scale.find((l) => l.key === key)?.value ?? 0;
    return [...new Set(report.attackPaths.map((p) => p.target))]
      .filter((id) => rank(importance.get(id) ?? "") >= rank(minimum))
      .sort((a, b) => rank(importance.get(b) ?? "") - rank(importance.get(a) ?? "") || a.localeCompare(b));
  }, [report, importance, minimum, scale]);
  const easiest = useMemo(() => easiestByTarget(report, 3), [report]);
  const hopWhy = useMemo(() => crossingWhy(report), [report]);
  const targetWhy = useMemo(() => importanceWhy(report), [report]);
  const base = `/sites/${encodeURIComponent(site)}`;
  return (
    <div>
      <div className="filters">
        <label>
          {t("results.paths.minimumImportance")}
          <select value={minimum} onChange={(e) => setMinimum(e.target.value)}>
            {[...scale].reverse().map((l) => (
              <option key={l.key} value={l.key}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
        <p className="muted" role="status">
          {t("results.paths.targets", { n: String(targets.length) })}
        </p>
      </div>
      <ul className="target-list">
        {targets.map((target) => {
          const paths = easiest.get(target) ?? [];
          const first = paths[0];
          const cut = first ? report.cuts.find((c) => c.zones.includes(first.targetZone)) : undefined;
          return (
            <li key={target}>
              <LazyDetails
                summary={
                  <>
                    <strong>{target}</strong> —{" "}
                    {scale.find((l) => l.key === importance.get(target))?.label ?? ""} ·{" "}
                    {t("results.paths.easiestScore", {
                      score: String(first?.score ?? "—"),
                      n: String(paths.length),
                    })}
                  </>
                }
              >
                {() => (
                  <>
                    <Why reasons={targetWhy(target)} label={t("results.paths.importanceWhy")} />
                    <ol className="path-list">
                      {paths.map((path, index) => (
                        <li key={path.id}>
                          <p>
                            {t("results.paths.pathN", { n: String(index + 1), score: String(path.score) })}:{" "}
                            {[path.entry, ...path.hops.map((h) => h.to), path.target].join(" → ")}
                          </p>
                          <ol className="hops">
                            {path.hops.map((hop, n) => (
                              <li key={hop.conduit}>
                                {t("results.paths.hop", {
                                  n: String(n + 1),
                                  conduit: hop.conduit,
                                  to: hop.to,
                                  cost: String(hop.cost),
                                })}
                                <Why reasons={hopWhy(hop)} />
                              </li>
                            ))}
                          </ol>
                          <Why reasons={path.why} />
                        </li>
                      ))}
                    </ol>
                    {cut ? (
                      <div className="cut">
                        <h3>{t("results.paths.recommendedCut")}</h3>
                        <ul>
                          {cut.conduits.map((c) => (
                            <li key={c.conduit}>
                              <span className="mono">{c.conduit}</span>: {c.suggestion}
                            </li>
                          ))}
                        </ul>
                      </div>
                    ) : null}
                    <Link to={`${base}/diagram?target=${encodeURIComponent(`asset:${target}`)}`}>
                      {t("results.paths.showOnDiagram")}
                    </Link>
                  </>
                )}
              </LazyDetails>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
