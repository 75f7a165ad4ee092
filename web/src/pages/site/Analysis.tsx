import "../../components/results/results.css";
import { type KeyboardEvent, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router";
import { ErrorMessage, Loading } from "../../components/Feedback";
import { hasLists, type ReportList, useAnalysis, useSitePermissions } from "../../components/results/data";
import { FindingsView } from "../../components/results/FindingsView";
import { FreshnessNote } from "../../components/results/Freshness";
import { GapsView } from "../../components/results/GapsView";
import { HeatMap } from "../../components/results/HeatMap";
import { PathsView } from "../../components/results/PathsView";
import { RegisterContext, RiskRegister } from "../../components/results/RiskRegister";

const tabs = ["heatmap", "gaps", "paths", "findings", "register"] as const;
type Tab = (typeof tabs)[number];

/**
 * The lists of the report each tab shows (the risk table names the threats; the paths rank their targets
 * by the assets' importance); the other lists are not read.
 */
const tabLists = {
  heatmap: ["risks", "threats"],
  gaps: ["zones"],
  paths: ["attackPaths", "crossings", "cuts", "assets"],
  findings: ["findings"],
  register: ["risks", "threats"],
} as const satisfies Record<Tab, readonly ReportList[]>;

/** The analysis: risk heat map, gaps, attack paths, findings and the risk register, as tabs. */
export default function Analysis() {
  const { t, i18n } = useTranslation();
  const site = useParams().siteId ?? "";
  const [params, setParams] = useSearchParams();
  const tab: Tab = (tabs as readonly string[]).includes(params.get("tab") ?? "")
    ? (params.get("tab") as Tab)
    : "heatmap";
  // The summary line counts the zones' gaps, so the zones come with every tab (one per zone: small).
  const { state, reload } = useAnalysis(site, i18n.language, ["zones", ...tabLists[tab]]);
  const permissions = useSitePermissions(site);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);

  const choose = (next: Tab, focus = false) => {
    setParams({ tab: next }, { replace: true });
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

  const report = state.phase === "ready" ? state.data.report : null;
  return (
    <section className="page results-page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">{t("nav.analysis")}</h1>
        {state.phase === "ready" ? <FreshnessNote state={state.data} /> : null}
      </div>
      {state.phase === "failed" ? <ErrorMessage error={state.error} onRetry={reload} /> : null}
      {state.phase === "loading" ? <Loading /> : null}
      {state.phase === "ready" && !report ? <p role="status">{t("results.noReportYet")}</p> : null}
      {report ? (
        <>
          <p className="summary-line">
            {t("results.summary", {
              risks: String(report.counts.risks),
              findings: String(report.counts.findings),
              gaps: hasLists(report, ["zones"])
                ? String(report.zones.reduce((n, z) => n + z.gaps.length, 0))
                : "…",
              paths: String(report.counts.attackPaths),
            })}
          </p>
          <div className="tabs" role="tablist" aria-label={t("results.tabsLabel")} onKeyDown={onKeyDown}>
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
                {t(`results.tabs.${name}`)}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
            <RegisterContext.Provider
              value={{
                canTreat: permissions.has("site:treat"),
                canApprove: permissions.has("site:approve"),
                onSaved: reload,
              }}
            >
              {!hasLists(report, tabLists[tab]) ? <Loading /> : null}
              {tab === "heatmap" && hasLists(report, tabLists.heatmap) ? (
                <HeatMap report={report} site={site} />
              ) : null}
              {tab === "gaps" && hasLists(report, tabLists.gaps) ? (
                <GapsView report={report} site={site} />
              ) : null}
              {tab === "paths" && hasLists(report, tabLists.paths) ? (
                <PathsView report={report} site={site} />
              ) : null}
              {tab === "findings" && hasLists(report, tabLists.findings) ? (
                <FindingsView report={report} site={site} />
              ) : null}
              {tab === "register" && hasLists(report, tabLists.register) ? (
                <RiskRegister report={report} site={site} />
              ) : null}
            </RegisterContext.Provider>
          </div>
        </>
      ) : null}
    </section>
  );
}
