import "../components/workspace/workspace.css";
import "../components/vulnerabilities/vulnerabilities.css";
import { useCallback, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, call } from "../api/client";
import { ErrorMessage, Loading } from "../components/Feedback";
import { AdvisoryImport } from "../components/vulnerabilities/AdvisoryImport";
import { advisoryLink, useLoad } from "../components/vulnerabilities/data";
import { ModelSbomPanel } from "../components/vulnerabilities/SbomVex";
import { dateOnly } from "../components/vulnerabilities/text";
import { tr } from "../components/workspace/text";
import { useSignedIn } from "../session";

const pageSize = 50;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** The advisories held (CSAF and OSV), newest release first: searched and paged by the server. */
export default function Advisories() {
  const { t, i18n } = useTranslation();
  const { me } = useSignedIn();
  const tableId = useId();
  const [query, setQuery] = useState("");
  const q = useDebounced(query.trim(), 300);
  const [offset, setOffset] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new search starts from the first page
  useEffect(() => setOffset(0), [q]);
  const load = useCallback(
    () =>
      call(
        api.GET("/api/advisories", {
          params: { query: { offset, limit: pageSize, ...(q ? { q } : {}) } },
        }),
      ),
    [q, offset],
  );
  const { state, reload, busy } = useLoad(load);
  const total = state.phase === "ready" ? state.data.total : 0;
  const items = state.phase === "ready" ? state.data.items : [];

  return (
    <section className="page advisories-page vulnerabilities-ui" aria-labelledby="page-title">
      <h1 id="page-title">{t("vulnerabilities.advisories.title")}</h1>
      <p className="purpose">{t("vulnerabilities.advisories.explain")}</p>
      {me.isAdmin ? <AdvisoryImport onImported={reload} /> : null}
      <div className="table-tools">
        <label>
          <span>{t("vulnerabilities.advisories.search")}</span>
          <input
            type="search"
            value={query}
            aria-controls={tableId}
            placeholder={t("vulnerabilities.advisories.searchPlaceholder")}
            onChange={(event) => setQuery(event.target.value)}
          />
        </label>
        <p className="table-count" role="status" aria-live="polite">
          {busy
            ? t("app.loading")
            : tr(t, "vulnerabilities.advisories.count", {
                from: total === 0 ? 0 : offset + 1,
                to: Math.min(offset + pageSize, total),
                total,
              })}
        </p>
      </div>
      {state.phase === "loading" ? <Loading /> : null}
      {state.phase === "failed" ? <ErrorMessage error={state.error} onRetry={reload} /> : null}
      {state.phase === "ready" && items.length === 0 ? (
        <p className="muted">{t("vulnerabilities.advisories.empty")}</p>
      ) : null}
      {items.length > 0 ? (
        <div className="table-scroll">
          <table id={tableId} className="data-table" aria-busy={busy}>
            <caption className="visually-hidden">{t("vulnerabilities.advisories.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("vulnerabilities.advisories.trackingId")}</th>
                <th scope="col">{t("vulnerabilities.advisories.advisoryTitle")}</th>
                <th scope="col">{t("vulnerabilities.advisories.publisher")}</th>
                <th scope="col">{t("vulnerabilities.advisories.version")}</th>
                <th scope="col">{t("vulnerabilities.advisories.released")}</th>
                <th scope="col">{t("vulnerabilities.advisories.vulnerabilities")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.key}>
                  <th scope="row">
                    <Link to={advisoryLink(item.key)}>{item.trackingId}</Link>
                    <div className="muted small">
                      {tr(t, `vulnerabilities.advisories.formats.${item.format}`)}
                    </div>
                  </th>
                  <td>{item.title}</td>
                  <td>{item.publisher}</td>
                  <td>{item.version}</td>
                  <td>{dateOnly(i18n.language, item.currentReleaseDate)}</td>
                  <td className="small">{item.vulnerabilities.join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="pager">
        <button
          type="button"
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - pageSize))}
        >
          {t("vulnerabilities.advisories.previous")}
        </button>
        <button
          type="button"
          disabled={offset + pageSize >= total}
          onClick={() => setOffset(offset + pageSize)}
        >
          {t("vulnerabilities.advisories.next")}
        </button>
      </div>
      <ModelSbomPanel canEdit={me.isAdmin} />
    </section>
  );
}
