import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ReportWith } from "./data";
import { Why } from "./Why";

export const areas = ["network", "device", "business-program-service", "physical", "organisational"] as const;

/** Countermeasures a zone needs but does not have yet, by zone and by area. */
export function GapsView({ report, site }: { report: ReportWith<"zones">; site: string }) {
  const { t } = useTranslation();
  const label = (scale: string, key: string) =>
    report.scales[scale]?.find((l) => l.key === key)?.label ?? key;
  const shownAreas = areas.filter(
    (a) => a !== "organisational" || report.zones.some((z) => z.gaps.some((g) => g.area === a)),
  );
  const totals = Object.fromEntries(
    shownAreas.map((a) => [
      a,
      report.zones.reduce((n, z) => n + z.gaps.filter((g) => g.area === a).length, 0),
    ]),
  );
  return (
    <div>
      <h2>{t("results.gaps.byArea")}</h2>
      <ul className="area-totals">
        {shownAreas.map((a) => (
          <li key={a}>
            <span className="area-name">{t(`results.area.${a}`)}</span>
            <strong>{totals[a]}</strong>
          </li>
        ))}
      </ul>
      <h2>{t("results.gaps.byZone")}</h2>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t("results.kind.zone")}</th>
            <th scope="col">{t("results.fields.importance")}</th>
            <th scope="col">{t("results.fields.targetLevel")}</th>
            <th scope="col">{t("results.gaps.coverage")}</th>
            {shownAreas.map((a) => (
              <th scope="col" key={a}>
                {t(`results.area.${a}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.zones.map((zone) => (
            <Fragment key={zone.id}>
              <tr>
                <th scope="row">
                  <Link
                    to={`/sites/${encodeURIComponent(site)}/diagram?select=${encodeURIComponent(zone.id)}`}
                  >
                    {zone.name}
                  </Link>
                  <div className="muted mono">{zone.id}</div>
                </th>
                <td>
                  {label("importance", zone.importance)}
                  <Why reasons={zone.importanceWhy} />
                </td>
                <td>
                  {label("securityLevel", zone.targetLevel)}
                  <Why reasons={zone.targetLevelWhy} />
                </td>
                <td>{Math.round(zone.coverage.ratio * 100)}%</td>
                {shownAreas.map((a) => {
                  const gaps = zone.gaps.filter((g) => g.area === a);
                  return (
                    <td key={a} className={gaps.length ? "has-gaps" : ""}>
                      {gaps.length ? (
                        <details>
                          <summary>{t("results.gaps.count", { n: String(gaps.length) })}</summary>
                          <ul className="compact">
                            {gaps.map((g) => {
                              const required = zone.requiredCountermeasures.find((r) => r.id === g.id);
                              return (
                                <li key={g.id}>
                                  <span className="mono">{g.id}</span> ({t(`results.status.${g.status}`)})
                                  {required ? <Why reasons={required.why} /> : null}
                                </li>
                              );
                            })}
                          </ul>
                        </details>
                      ) : (
                        "0"
                      )}
                    </td>
                  );
                })}
              </tr>
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
