import { useState } from "react";
import { useTranslation } from "react-i18next";
import { levelRank, type ReportWith, type Risk } from "./data";
import { RiskTable } from "./RiskRegister";

/** Likelihood × impact on the site's own scales; a cell opens the risks in it. */
export function HeatMap({ report, site }: { report: ReportWith<"risks" | "threats">; site: string }) {
  const { t } = useTranslation();
  const likelihood = report.scales.likelihood ?? [];
  const impact = [...(report.scales.impact ?? [])].reverse();
  const [cell, setCell] = useState<{ l: string; i: string } | undefined>();
  const inCell = (l: string, i: string): Risk[] =>
    report.risks.filter((r) => r.likelihood === l && r.impact === i);
  const chosen = cell ? inCell(cell.l, cell.i) : [];
  return (
    <div className="heatmap-wrap">
      <table className="heatmap">
        <caption>{t("results.heatmap.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">
              {t("results.fields.impact")} \ {t("results.fields.likelihood")}
            </th>
            {likelihood.map((l) => (
              <th scope="col" key={l.key}>
                {l.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {impact.map((i) => (
            <tr key={i.key}>
              <th scope="row">{i.label}</th>
              {likelihood.map((l) => {
                const risks = inCell(l.key, i.key);
                const level = risks.reduce<string>(
                  (worst, r) => (levelRank(r.level) > levelRank(worst) ? r.level : worst),
                  risks[0]?.level ?? "none",
                );
                const selected = cell?.l === l.key && cell.i === i.key;
                return (
                  <td key={l.key} className={`cell level-${level}`}>
                    <button
                      type="button"
                      aria-pressed={selected}
                      disabled={risks.length === 0}
                      aria-label={t("results.heatmap.cell", {
                        likelihood: l.label,
                        impact: i.label,
                        n: String(risks.length),
                      })}
                      onClick={() => setCell(selected ? undefined : { l: l.key, i: i.key })}
                    >
                      {risks.length}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="legend">
        {["low", "medium", "high", "critical"].map((level) => (
          <li key={level}>
            <span className={`swatch level-${level}`} /> {t(`results.level.${level as "low"}`)}
          </li>
        ))}
      </ul>
      {cell ? (
        <section aria-labelledby="cell-heading">
          <h2 id="cell-heading">
            {t("results.heatmap.risksIn", {
              likelihood: likelihood.find((l) => l.key === cell.l)?.label ?? cell.l,
              impact: impact.find((i) => i.key === cell.i)?.label ?? cell.i,
              n: String(chosen.length),
            })}
          </h2>
          <RiskTable report={report} risks={chosen} site={site} />
        </section>
      ) : (
        <p className="muted">{t("results.heatmap.hint")}</p>
      )}
    </div>
  );
}
