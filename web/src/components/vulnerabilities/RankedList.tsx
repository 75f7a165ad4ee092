import { useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useSiteData } from "../workspace/site-data";
import { tr } from "../workspace/text";
import { type Band, bands, caseLink, type Ranking, type Stage, stages } from "./data";
import { advisoryShortName, assetName, BandBadge, StageBadge, StatusBadge } from "./parts";
import { dateOnly, local } from "./text";

const shownReasons = 3;
type StageFilter = "" | "open" | Stage;

/**
 * The site's cases ranked by Mamori's priority, highest first, each with the reasons of its rank (KEV,
 * CVSS, exposure of the zone, importance of the asset…), its stage and status; filtered by stage, band and
 * asset (the asset filter lives in the address, so an asset's vulnerabilities can be linked to).
 */
export function RankedList({
  site,
  ranking,
  asset,
  onAsset,
}: {
  site: string;
  ranking: Ranking;
  asset: string;
  onAsset(asset: string): void;
}) {
  const { t, i18n } = useTranslation();
  const { site: model, analysis } = useSiteData();
  const tableId = useId();
  const [stage, setStage] = useState<StageFilter>("");
  const [band, setBand] = useState<"" | Band>("");
  const assets = useMemo(() => [...new Set(ranking.items.map((item) => item.case.asset))].sort(), [ranking]);
  const items = ranking.items.filter(
    (item) =>
      (!asset || item.case.asset === asset) &&
      (!band || item.priority.band === band) &&
      (!stage || (stage === "open" ? item.case.stage !== "closed" : item.case.stage === stage)),
  );
  const zoneName = (id: string | null) => {
    if (!id) return "";
    const zone = model?.zones?.find((z) => z.id === id);
    return zone ? local(zone.name, i18n.language, id) : id;
  };

  return (
    <section aria-labelledby="ranked-heading">
      <h2 id="ranked-heading">{t("vulnerabilities.list.heading")}</h2>
      <p className="muted small">{t("vulnerabilities.list.explain")}</p>
      <p className="muted small">
        {ranking.reference.kev
          ? tr(t, "vulnerabilities.list.kevReference", {
              version: ranking.reference.kev.version,
              date: dateOnly(i18n.language, ranking.reference.kev.importedAt),
            })
          : t("vulnerabilities.list.noKev")}
        {" ・ "}
        {ranking.reference.epss
          ? tr(t, "vulnerabilities.list.epssReference", {
              version: ranking.reference.epss.version,
              date: dateOnly(i18n.language, ranking.reference.epss.importedAt),
            })
          : t("vulnerabilities.list.noEpss")}
      </p>
      {ranking.analysedVersion === null || (analysis && !analysis.fresh) ? (
        <p className="badge" role="status">
          {t("vulnerabilities.list.analysisPending")}
        </p>
      ) : null}
      {asset ? (
        <p className="filter-note">
          {tr(t, "vulnerabilities.list.filteredByAsset", { asset: assetName(model, asset, i18n.language) })}{" "}
          <button type="button" className="link" onClick={() => onAsset("")}>
            {t("vulnerabilities.list.clearAsset")}
          </button>
        </p>
      ) : null}
      <div className="table-tools">
        <label>
          <span>{t("vulnerabilities.list.stage")}</span>
          <select
            value={stage}
            aria-controls={tableId}
            onChange={(event) => setStage(event.target.value as StageFilter)}
          >
            <option value="">{t("vulnerabilities.list.all")}</option>
            <option value="open">{t("vulnerabilities.list.open")}</option>
            {stages.map((s) => (
              <option key={s} value={s}>
                {tr(t, `vulnerabilities.stage.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t("vulnerabilities.list.band")}</span>
          <select
            value={band}
            aria-controls={tableId}
            onChange={(event) => setBand(event.target.value as Band)}
          >
            <option value="">{t("vulnerabilities.list.all")}</option>
            {bands.map((b) => (
              <option key={b} value={b}>
                {tr(t, `vulnerabilities.band.${b}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t("vulnerabilities.list.asset")}</span>
          <select value={asset} aria-controls={tableId} onChange={(event) => onAsset(event.target.value)}>
            <option value="">{t("vulnerabilities.list.all")}</option>
            {(asset && !assets.includes(asset) ? [asset, ...assets] : assets).map((id) => (
              <option key={id} value={id}>
                {assetName(model, id, i18n.language)} ({id})
              </option>
            ))}
          </select>
        </label>
        <p className="table-count" role="status" aria-live="polite">
          {tr(t, "vulnerabilities.list.count", { shown: items.length, total: ranking.items.length })}
        </p>
      </div>
      {ranking.items.length === 0 ? (
        <p className="muted">{t("vulnerabilities.list.empty")}</p>
      ) : items.length === 0 ? (
        <p className="muted">{t("vulnerabilities.list.noneMatch")}</p>
      ) : (
        <div className="table-scroll">
          <table id={tableId} className="data-table ranked-table">
            <caption className="visually-hidden">{t("vulnerabilities.list.heading")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("vulnerabilities.list.priority")}</th>
                <th scope="col">{t("vulnerabilities.list.vulnerability")}</th>
                <th scope="col">{t("vulnerabilities.list.asset")}</th>
                <th scope="col">{t("vulnerabilities.list.why")}</th>
                <th scope="col">{t("vulnerabilities.list.progress")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const c = item.case;
                const reasons = item.priority.reasons;
                return (
                  <tr
                    key={`${c.asset}|${c.vulnerability}`}
                    className={item.priority.excluded ? "excluded" : ""}
                  >
                    <td>
                      <BandBadge band={item.priority.band} score={item.priority.score} />
                      {item.priority.excluded ? (
                        <div className="muted small">{t("vulnerabilities.list.excluded")}</div>
                      ) : null}
                    </td>
                    <th scope="row">
                      <Link
                        to={caseLink(site, c.asset, c.vulnerability)}
                        aria-label={tr(t, "vulnerabilities.list.open_case", {
                          vulnerability: c.vulnerability,
                          asset: assetName(model, c.asset, i18n.language),
                        })}
                      >
                        {c.vulnerability}
                      </Link>
                      {item.kev ? (
                        <>
                          {" "}
                          <abbr className="kev" title={t("vulnerabilities.list.kevTitle")}>
                            {t("vulnerabilities.list.kev")}
                          </abbr>
                        </>
                      ) : null}
                      <ul className="plain muted small">
                        {item.advisories.map((a) => (
                          <li key={a.key}>{a.title || advisoryShortName(a.key)}</li>
                        ))}
                      </ul>
                    </th>
                    <td>
                      <button type="button" className="link" onClick={() => onAsset(c.asset)}>
                        {local(item.asset.name, i18n.language, c.asset)}
                      </button>{" "}
                      <code>{c.asset}</code>
                      {item.asset.zone ? (
                        <div className="muted small">{zoneName(item.asset.zone)}</div>
                      ) : null}
                    </td>
                    <td>
                      <ul className="reasons">
                        {reasons.slice(0, shownReasons).map((reason) => (
                          <li key={reason.code}>{reason.text}</li>
                        ))}
                      </ul>
                      {reasons.length > shownReasons ? (
                        <details>
                          <summary>
                            {tr(t, "vulnerabilities.list.moreReasons", { count: reasons.length })}
                          </summary>
                          <ul className="reasons">
                            {reasons.slice(shownReasons).map((reason) => (
                              <li key={reason.code}>{reason.text}</li>
                            ))}
                          </ul>
                        </details>
                      ) : null}
                    </td>
                    <td>
                      <StageBadge stage={c.stage} /> <StatusBadge status={c.status} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
