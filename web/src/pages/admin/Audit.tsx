import "../../components/workspace/workspace.css";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { components } from "../../api/schema";
import { ErrorMessage, Loading } from "../../components/Feedback";
import { type ApiError, request } from "../../components/workspace/http";
import { useSignedIn } from "../../session";
import { localText } from "../../text";

/** As the API documents it (generated from the OpenAPI document). */
type Entry = components["schemas"]["AuditEntry"];

interface Filters {
  site: string;
  actor: string;
  action: string;
  from: string;
  to: string;
}

const limit = 100;
const empty: Filters = { site: "", actor: "", action: "", from: "", to: "" };

/** The audit log, newest first, filtered by site, actor, action and dates; older entries page by `before`. */
export default function Audit() {
  const { t, i18n } = useTranslation();
  const { sites: all, me } = useSignedIn();
  // Administrators see every site's entries; auditors and security leads the sites they audit, one at a time.
  const sites = me.isAdmin
    ? all
    : all.filter((s) =>
        me.memberships.some(
          (m) => m.scope === "site" && m.scopeId === s.id && m.permissions.includes("site:audit"),
        ),
      );
  const first: Filters = me.isAdmin ? empty : { ...empty, site: sites[0]?.id ?? "" };
  const [draft, setDraft] = useState<Filters>(first);
  const [filters, setFilters] = useState<Filters>(first);
  const [entries, setEntries] = useState<Entry[]>();
  const [more, setMore] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: "short", timeStyle: "medium" });

  const load = useCallback(
    async (before?: number) => {
      setBusy(true);
      const query: Record<string, unknown> = { limit };
      for (const [key, value] of Object.entries(filters)) if (value) query[key] = value;
      if (before) query.before = before;
      const result = await request<{ items: Entry[] }>("GET", "/api/audit", { params: { query } });
      setBusy(false);
      if (!result.ok) return setError(result.error);
      setError(undefined);
      setEntries((current) => (before ? [...(current ?? []), ...result.data.items] : result.data.items));
      setMore(result.data.items.length === limit);
    },
    [filters],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };
  const exportQuery = filters.site ? `&site=${encodeURIComponent(filters.site)}` : "";

  return (
    <section className="page admin" aria-labelledby="page-title">
      <h1 id="page-title">{t("nav.audit")}</h1>
      <form className="filters" onSubmit={apply}>
        <label>
          {t("header.site")}
          <select value={draft.site} onChange={(e) => setDraft({ ...draft, site: e.target.value })}>
            {me.isAdmin ? <option value="">{t("workspace.table.all")}</option> : null}
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {localText(s.name, i18n.language, s.id)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("workspace.audit.actor")}
          <input value={draft.actor} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} />
        </label>
        <label>
          {t("workspace.audit.action")}
          <input
            value={draft.action}
            placeholder="assets.update"
            onChange={(e) => setDraft({ ...draft, action: e.target.value })}
          />
        </label>
        <label>
          {t("workspace.audit.from")}
          <input
            type="date"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </label>
        <label>
          {t("workspace.audit.to")}
          <input type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        <button type="submit" className="primary">
          {t("workspace.audit.apply")}
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft(empty);
            setFilters(empty);
          }}
        >
          {t("workspace.audit.clear")}
        </button>
      </form>
      {me.isAdmin ? (
        <p>
          {t("workspace.audit.export")}: <a href={`/api/audit/export?format=csv${exportQuery}`}>CSV</a> ·{" "}
          <a href={`/api/audit/export?format=json${exportQuery}`}>JSON</a>
        </p>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
      {entries === undefined ? (
        <Loading />
      ) : entries.length === 0 ? (
        <p className="muted">{t("workspace.audit.none")}</p>
      ) : (
        <div className="table-scroll">
          <table className="audit">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t("workspace.audit.at")}</th>
                <th scope="col">{t("workspace.audit.actor")}</th>
                <th scope="col">{t("workspace.audit.action")}</th>
                <th scope="col">{t("workspace.audit.subject")}</th>
                <th scope="col">{t("header.site")}</th>
                <th scope="col">{t("workspace.audit.change")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.seq}>
                  <td>{entry.seq}</td>
                  <td>{time.format(new Date(entry.at))}</td>
                  <td>{entry.actor ?? "—"}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>
                    {entry.subjectType} {entry.subjectId ? <code>{entry.subjectId}</code> : null}
                  </td>
                  <td>{entry.siteId ?? "—"}</td>
                  <td>
                    {entry.before !== null || entry.after !== null ? (
                      <details>
                        <summary>{t("workspace.audit.show")}</summary>
                        <pre className="code">
                          {JSON.stringify({ before: entry.before, after: entry.after }, null, 2).slice(
                            0,
                            4000,
                          )}
                        </pre>
                      </details>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more && entries ? (
        <button type="button" disabled={busy} onClick={() => void load(entries.at(-1)?.seq)}>
          {t("workspace.audit.older")}
        </button>
      ) : null}
    </section>
  );
}
