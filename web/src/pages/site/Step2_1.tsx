import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorMessage } from "../../components/Feedback";
import { CollectionEditor, openLink } from "../../components/workspace/CollectionEditor";
import { type ApiError, type Envelope, ifMatch, request } from "../../components/workspace/http";
import { useSitePermissions } from "../../components/workspace/permissions";
import { StepPage } from "../../components/workspace/StepPage";
import { useSiteData } from "../../components/workspace/site-data";
import { tr } from "../../components/workspace/text";

const pageSize = 20;

/**
 * Each zone's security policy: the site's own, or the analysis's draft, which the user adopts as it is
 * (written into zones[].policy in both languages) or opens in the zone's form to edit.
 */
function Policies() {
  const { t } = useTranslation();
  const { analysis, siteId, changed } = useSiteData();
  const may = useSitePermissions(siteId);
  const [page, setPage] = useState(0);
  const [onlyDrafts, setOnlyDrafts] = useState(true);
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const [adopted, setAdopted] = useState<Set<string>>(new Set());
  const report = analysis?.report;
  if (!report)
    return (
      <p className="badge" role="status">
        {t("workspace.findings.updating")}
      </p>
    );
  const zones = report.zones.filter(
    (z) => !onlyDrafts || (z.policy.source === "draft" && !adopted.has(z.id)),
  );
  const visible = zones.slice(page * pageSize, (page + 1) * pageSize);

  const adopt = async (zoneId: string, policy: { ja: string; en: string }) => {
    setBusy(zoneId);
    setError(undefined);
    const path = { site: siteId, key: zoneId };
    const current = await request<Envelope>("GET", "/api/sites/{site}/zones/{key}", { params: { path } });
    const result = current.ok
      ? await request<Envelope>("PUT", "/api/sites/{site}/zones/{key}", {
          params: { path },
          body: { ...current.data.data, policy: { ja: policy.ja, en: policy.en } },
          headers: ifMatch(current.data.revision.version),
        })
      : current;
    setBusy(undefined);
    if (!result.ok) return setError(result.error);
    setAdopted((set) => new Set(set).add(zoneId));
    changed();
  };

  return (
    <section aria-labelledby="policies">
      <h2 id="policies">{t("workspace.policy.title")}</h2>
      <label className="inline">
        <input
          type="checkbox"
          checked={onlyDrafts}
          onChange={(e) => {
            setOnlyDrafts(e.target.checked);
            setPage(0);
          }}
        />{" "}
        {t("workspace.policy.onlyDrafts")}
      </label>
      {error ? <ErrorMessage error={error} /> : null}
      {visible.length === 0 ? <p className="muted">{t("workspace.policy.none")}</p> : null}
      <ul className="policies">
        {visible.map((zone) => (
          <li key={zone.id}>
            <div className="policy-head">
              <strong>{zone.name}</strong> <code>{zone.id}</code>{" "}
              <span className="badge">
                {zone.policy.source === "draft" && !adopted.has(zone.id)
                  ? t("workspace.policy.draft")
                  : t("workspace.policy.site")}
              </span>
            </div>
            <p lang="ja">{zone.policy.ja}</p>
            <p lang="en" className="muted">
              {zone.policy.en}
            </p>
            {may("site:edit") ? (
              <div className="form-actions">
                {zone.policy.source === "draft" && !adopted.has(zone.id) ? (
                  <button
                    type="button"
                    className="primary"
                    disabled={busy === zone.id}
                    onClick={() => void adopt(zone.id, zone.policy)}
                  >
                    {t("workspace.policy.adopt")}
                  </button>
                ) : null}
                <Link to={openLink("zones", zone.id)}>{t("workspace.policy.edit")}</Link>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <div className="pager">
        <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
          {t("workspace.table.previous")}
        </button>
        <span>
          {tr(t, "workspace.table.count", {
            from: zones.length ? page * pageSize + 1 : 0,
            to: Math.min((page + 1) * pageSize, zones.length),
            total: zones.length,
          })}
        </span>
        <button
          type="button"
          disabled={(page + 1) * pageSize >= zones.length}
          onClick={() => setPage(page + 1)}
        >
          {t("workspace.table.next")}
        </button>
      </div>
    </section>
  );
}

/** Step 2-1: a security policy per zone. */
export default function Step2_1() {
  return (
    <StepPage step="2-1">
      <Policies />
      <CollectionEditor collection="zones" />
    </StepPage>
  );
}
