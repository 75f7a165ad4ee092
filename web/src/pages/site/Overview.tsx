import "../../components/workspace/workspace.css";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorMessage, Loading } from "../../components/Feedback";
import { siteProgress, steps } from "../../components/workspace/progress";
import { ProgressBar, StepStatus } from "../../components/workspace/StepPage";
import { SiteDataProvider, useSiteData } from "../../components/workspace/site-data";
import { tr } from "../../components/workspace/text";
import type { NavKey } from "../../routes";
import { localText } from "../../text";

const severities = ["critical", "high", "medium", "low"] as const;

function OverviewBody() {
  const { t, i18n } = useTranslation();
  const { site, siteError, analysis } = useSiteData();
  if (siteError) return <ErrorMessage error={siteError} />;
  if (!site) return <Loading />;
  const progress = siteProgress(site, analysis?.report);
  const findings = analysis?.report?.findings ?? [];
  return (
    <section className="page overview" aria-labelledby="page-title">
      <h1 id="page-title">{localText(site.name, i18n.language, site.id)}</h1>
      <p>{t("workspace.overview.intro")}</p>
      <p className="muted small">{t("workspace.purposeNote")}</p>
      <section aria-labelledby="overview-findings" className="overview-findings">
        <h2 id="overview-findings">{t("workspace.overview.findings")}</h2>
        {analysis?.report ? (
          <ul className="counts">
            {severities.map((s) => (
              <li key={s} className={`severity-${s}`}>
                {tr(t, `workspace.severity.${s}`)}:{" "}
                <strong>{findings.filter((f) => f.severity === s).length}</strong>
              </li>
            ))}
            {!analysis.fresh ? <li className="badge">{t("workspace.findings.updating")}</li> : null}
          </ul>
        ) : (
          <p className="muted" role="status">
            {analysis && !analysis.fresh
              ? t("workspace.findings.updating")
              : t("workspace.overview.noAnalysis")}
          </p>
        )}
      </section>
      <ol className="step-cards">
        {steps.map((step) => {
          const p = progress.find((x) => x.step === step);
          if (!p) return null;
          const key = `step${step.replace("-", "_")}` as NavKey;
          return (
            <li key={step} className="step-card">
              <h2>
                <Link to={`step/${step}`}>{t(`nav.${key}`)}</Link>
              </h2>
              <p className="small">{tr(t, `workspace.purpose.${step.replace("-", "_")}`)}</p>
              <ProgressBar progress={p} />
              <details>
                <summary>{t("workspace.overview.details")}</summary>
                <StepStatus progress={p} />
              </details>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** The site at a glance: how far each step of the guideline is, from the model and the analysis. */
export default function Overview() {
  return (
    <SiteDataProvider>
      <OverviewBody />
    </SiteDataProvider>
  );
}
