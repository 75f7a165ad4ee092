import "./notices.css";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { type ApiError, api, call } from "../api/client";
import type { components } from "../api/schema";
import { useSignedIn } from "../session";
import { localText } from "../text";

type Notice = components["schemas"]["Notice"];

const pollMs = 60_000;

function tr(
  t: ReturnType<typeof useTranslation>["t"],
  key: string,
  options?: Record<string, unknown>,
): string {
  return (t as unknown as (key: string, options?: Record<string, unknown>) => string)(key, options);
}

/** Where a notice leads: the case, the site's inbox, or the revised advisory. */
function target(notice: Notice): string {
  const site = `/sites/${encodeURIComponent(notice.site)}`;
  const { asset, vulnerability, advisory } = notice.params;
  if (notice.kind === "advisory-revised" && advisory) return `/advisories/${encodeURIComponent(advisory)}`;
  if (notice.kind === "matches-to-review") return `${site}/vulnerabilities?tab=inbox`;
  if (asset && vulnerability)
    return `${site}/vulnerabilities/${encodeURIComponent(asset)}/${encodeURIComponent(vulnerability)}`;
  return `${site}/vulnerabilities`;
}

/**
 * The bell in the header: the notices for the roles the user holds (a case opened, moved on, given to
 * someone; matches to check; an advisory revised), the unread count, and each one opening what it is about
 * (and marked read on the way). Read again every minute and on every page change.
 */
export function Notices() {
  const { t, i18n } = useTranslation();
  const { sites } = useSignedIn();
  const location = useLocation();
  const menu = useRef<HTMLDetailsElement>(null);
  const [items, setItems] = useState<Notice[]>([]);
  const [error, setError] = useState<ApiError>();

  const load = useCallback(async () => {
    const result = await call(api.GET("/api/notices"));
    if (!result.ok) return setError(result.error);
    setError(undefined);
    setItems(result.data.items);
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a page change is a moment to look again
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), pollMs);
    return () => clearInterval(timer);
  }, [load, location.pathname]);

  const markRead = async (ids: number[]) => {
    if (ids.length === 0) return;
    setItems((current) => current.map((n) => (ids.includes(n.id) ? { ...n, read: true } : n)));
    await call(api.POST("/api/notices/read", { body: { ids } }));
  };

  const text = (notice: Notice) => {
    const site = localText(sites.find((s) => s.id === notice.site)?.name, i18n.language, notice.site);
    const stage = notice.params.stage ? tr(t, `vulnerabilities.stage.${notice.params.stage}`) : "";
    const known = i18n.exists(`vulnerabilities.notices.kind.${notice.kind}`);
    return tr(t, `vulnerabilities.notices.kind.${known ? notice.kind : "other"}`, {
      ...notice.params,
      site,
      stage,
      kind: notice.kind,
    });
  };
  const unread = items.filter((n) => !n.read);
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: "short", timeStyle: "short" });

  return (
    <details className="notices" ref={menu}>
      <summary aria-label={tr(t, "vulnerabilities.notices.unread", { count: unread.length })}>
        <svg className="bell" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {unread.length > 0 ? (
          <span className="notice-count" aria-hidden="true">
            {unread.length}
          </span>
        ) : null}
      </summary>
      <div className="menu notices-menu">
        <div className="notices-head">
          <h2>{t("vulnerabilities.notices.label")}</h2>
          {unread.length > 0 ? (
            <button type="button" onClick={() => void markRead(unread.map((n) => n.id))}>
              {t("vulnerabilities.notices.markAll")}
            </button>
          ) : null}
        </div>
        {error ? (
          <p className="error-title" role="alert">
            {t("vulnerabilities.notices.failed")}
          </p>
        ) : null}
        {items.length === 0 && !error ? <p>{t("vulnerabilities.notices.none")}</p> : null}
        <ul>
          {items.map((notice) => (
            <li key={notice.id} className={notice.read ? "read" : "unread"}>
              <Link
                to={target(notice)}
                onClick={() => {
                  if (menu.current) menu.current.open = false;
                  if (!notice.read) void markRead([notice.id]);
                }}
              >
                {text(notice)}
              </Link>
              <span className="notice-time">{time.format(new Date(notice.createdAt))}</span>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
