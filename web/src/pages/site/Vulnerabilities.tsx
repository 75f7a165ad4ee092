import "../../components/workspace/workspace.css";
import "../../components/results/results.css";
import "../../components/vulnerabilities/vulnerabilities.css";
import { type KeyboardEvent, useCallback, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { type ApiError, api, call } from "../../api/client";
import { ErrorMessage, Loading } from "../../components/Feedback";
import { type Case, type Match, useLoad } from "../../components/vulnerabilities/data";
import { Inbox } from "../../components/vulnerabilities/Inbox";
import { RankedList } from "../../components/vulnerabilities/RankedList";
import { SbomPanel, VexPanel } from "../../components/vulnerabilities/SbomVex";
import { CollectionEditor } from "../../components/workspace/CollectionEditor";
import { useSitePermissions } from "../../components/workspace/permissions";
import { SiteDataProvider, useSiteData } from "../../components/workspace/site-data";
import { tr } from "../../components/workspace/text";

const tabs = ["inbox", "list", "sboms", "windows"] as const;
type Tab = (typeof tabs)[number];

function useInbox(site: string) {
  const load = useCallback(async () => {
    const [review, observe] = await Promise.all([
      call(api.GET("/api/sites/{site}/matches", { params: { path: { site }, query: { review: "true" } } })),
      call(api.GET("/api/sites/{site}/cases", { params: { path: { site }, query: { stage: "observe" } } })),
    ]);
    if (!review.ok) return review;
    if (!observe.ok) return observe;
    return {
      ok: true as const,
      data: { review: review.data.items as Match[], observe: observe.data.items as Case[] },
    };
  }, [site]);
  return useLoad(load);
}

function useRanking(site: string, lang: "ja" | "en") {
  const load = useCallback(
    () => call(api.GET("/api/sites/{site}/vulnerabilities", { params: { path: { site }, query: { lang } } })),
    [site, lang],
  );
  return useLoad(load);
}

function VulnerabilitiesBody() {
  const { t, i18n } = useTranslation();
  const { siteId: site } = useSiteData();
  const may = useSitePermissions(site);
  const [params, setParams] = useSearchParams();
  const asset = params.get("asset") ?? "";
  const wanted = params.get("tab");
  const tab: Tab = (tabs as readonly string[]).includes(wanted ?? "")
    ? (wanted as Tab)
    : params.get("open")?.startsWith("maintenanceWindows:") || params.get("new") === "maintenanceWindows"
      ? "windows"
      : asset
        ? "list"
        : "inbox";
  const inbox = useInbox(site);
  const ranking = useRanking(site, i18n.language === "en" ? "en" : "ja");
  const [refreshed, setRefreshed] = useState<string>();
  const [refreshError, setRefreshError] = useState<ApiError>();
  const refs = useRef<(HTMLButtonElement | null)[]>([]);

  const choose = (next: Tab, focus = false) => {
    const query = new URLSearchParams();
    query.set("tab", next);
    if (asset && next === "list") query.set("asset", asset);
    setParams(query, { replace: true });
    if (focus) refs.current[tabs.indexOf(next)]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.indexOf(tab);
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1 };
    const move = moves[event.key];
    if (move !== undefined) {
      event.preventDefault();
      choose(tabs[(index + move + tabs.length) % tabs.length] as Tab, true);
    } else if (event.key === "Home") choose(tabs[0], true);
    else if (event.key === "End") choose(tabs[tabs.length - 1] as Tab, true);
  };
  const changed = () => {
    inbox.reload();
    ranking.reload();
  };
  const refresh = async () => {
    const result = await call(api.POST("/api/sites/{site}/matches/refresh", { params: { path: { site } } }));
    if (!result.ok) return setRefreshError(result.error);
    setRefreshError(undefined);
    setRefreshed(t("vulnerabilities.refreshed"));
  };
  const inboxCount =
    inbox.state.phase === "ready" ? inbox.state.data.review.length + inbox.state.data.observe.length : 0;

  return (
    <section className="page results-page vulnerabilities-ui" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">{t("vulnerabilities.title")}</h1>
      </div>
      <div className="purpose">
        <p>{t("vulnerabilities.purpose")}</p>
        <p className="muted small">{t("workspace.purposeNote")}</p>
      </div>
      <div className="inventory-tools">
        <Link className="button" to="/advisories">
          {t("vulnerabilities.toAdvisories")}
        </Link>
        <button type="button" onClick={changed} disabled={inbox.busy || ranking.busy}>
          {t("vulnerabilities.reload")}
        </button>
        {may("site:edit") ? (
          <button type="button" onClick={() => void refresh()}>
            {t("vulnerabilities.refresh")}
          </button>
        ) : null}
        <span role="status" className="muted small">
          {refreshed ?? ""}
        </span>
      </div>
      {refreshError ? <ErrorMessage error={refreshError} /> : null}
      <div className="tabs" role="tablist" aria-label={t("vulnerabilities.tabsLabel")} onKeyDown={onKeyDown}>
        {tabs.map((name, index) => (
          <button
            key={name}
            ref={(element) => {
              refs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => choose(name)}
          >
            {name === "inbox"
              ? tr(t, "vulnerabilities.tabs.inbox", { count: inboxCount })
              : tr(t, `vulnerabilities.tabs.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === "inbox" ? (
          inbox.state.phase === "loading" ? (
            <Loading />
          ) : inbox.state.phase === "failed" ? (
            <ErrorMessage error={inbox.state.error} onRetry={inbox.reload} />
          ) : (
            <Inbox
              site={site}
              review={inbox.state.data.review}
              observe={inbox.state.data.observe}
              canTreat={may("site:treat")}
              onChanged={changed}
            />
          )
        ) : null}
        {tab === "list" ? (
          ranking.state.phase === "loading" ? (
            <Loading />
          ) : ranking.state.phase === "failed" ? (
            <ErrorMessage error={ranking.state.error} onRetry={ranking.reload} />
          ) : (
            <RankedList
              site={site}
              ranking={ranking.state.data}
              asset={asset}
              onAsset={(next) => {
                const query = new URLSearchParams({ tab: "list" });
                if (next) query.set("asset", next);
                setParams(query);
              }}
            />
          )
        ) : null}
        {tab === "sboms" ? (
          <>
            <SbomPanel site={site} canEdit={may("site:edit")} />
            <VexPanel
              site={site}
              canExport={may("site:export")}
              canTreat={may("site:treat")}
              onImported={changed}
            />
          </>
        ) : null}
        {tab === "windows" ? (
          <>
            <p className="muted">{t("vulnerabilities.windows.explain")}</p>
            <CollectionEditor collection="maintenanceWindows" />
          </>
        ) : null}
      </div>
    </section>
  );
}

/**
 * Step 3's vulnerability handling on one site: the inbox (matches to check, new cases), the cases ranked
 * in the plant's context, SBOMs and VEX, and the maintenance windows work is planned into.
 */
export default function Vulnerabilities() {
  return (
    <SiteDataProvider>
      <VulnerabilitiesBody />
    </SiteDataProvider>
  );
}
