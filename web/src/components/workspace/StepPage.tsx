import "./workspace.css";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { AnalysisReport } from "../../../../src/analysis/report";
import type { NavKey } from "../../routes";
import { localText } from "../../text";
import { ErrorMessage, Loading } from "../Feedback";
import { itemLink } from "./links";
import { type Step, type StepProgress, siteProgress } from "./progress";
import { SiteDataProvider, useSiteData } from "./site-data";
import { tr } from "./text";

const shownMissing = 12;

export function ProgressBar({ progress }: { progress: StepProgress }) {
  const { t } = useTranslation();
  const ratio = progress.total === 0 || progress.pending ? 0 : progress.done / progress.total;
  const label = progress.pending
    ? t("workspace.findings.updating")
    : tr(t, "workspace.progress.ratio", { done: progress.done, total: progress.total });
  return (
    <div className="progress">
      <div
        className="progress-bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={progress.pending ? undefined : progress.done}
        aria-valuetext={label}
      >
        <span style={{ width: `${Math.round(ratio * 100)}%` }} />
      </div>
      <span className="progress-text">{label}</span>
    </div>
  );
}

/** Done and missing for one step, each missing item a link to its form. */
export function StepStatus({ progress, current }: { progress: StepProgress; current?: Step }) {
  const { t, i18n } = useTranslation();
  const { siteId } = useSiteData();
  return (
    <div className="step-status">
      <ul className="counts">
        {progress.counts.map((c) => (
          <li key={c.key}>
            {tr(t, `workspace.count.${c.key}`)}: <strong>{c.count}</strong>
          </li>
        ))}
      </ul>
      <ProgressBar progress={progress} />
      {progress.empty ? (
        <p className="badge">{tr(t, `workspace.empty.${progress.step.replace("-", "_")}`)}</p>
      ) : null}
      {progress.checks.map((check) =>
        progress.pending ? null : check.items.length === 0 ? (
          <p key={check.key} className="check ok">
            ✓ {tr(t, `workspace.check.${check.key}`, { count: 0 })}
          </p>
        ) : (
          <details key={check.key} className="check missing" open={current !== undefined}>
            <summary>{tr(t, `workspace.check.${check.key}`, { count: check.items.length })}</summary>
            <ul>
              {check.items.slice(0, shownMissing).map((item) => (
                <li key={`${item.collection}:${item.id}`}>
                  <Link to={itemLink(siteId, current, item.collection, item.id)}>
                    {localText(item.name, i18n.language, item.id)} <code>{item.id}</code>
                  </Link>
                </li>
              ))}
              {check.items.length > shownMissing ? (
                <li className="muted">
                  {tr(t, "workspace.progress.more", { count: check.items.length - shownMissing })}
                </li>
              ) : null}
            </ul>
          </details>
        ),
      )}
    </div>
  );
}

type Finding = AnalysisReport["findings"][number];

function Findings({ filter }: { filter: (finding: Finding) => boolean }) {
  const { t } = useTranslation();
  const { analysis } = useSiteData();
  const findings = (analysis?.report?.findings ?? []).filter(filter);
  return (
    <section className="step-findings" aria-labelledby="step-findings">
      <h2 id="step-findings">
        {tr(t, "workspace.findings.title", { count: findings.length })}
        {analysis && !analysis.fresh ? (
          <span className="badge" role="status">
            {t("workspace.findings.updating")}
          </span>
        ) : null}
      </h2>
      {findings.length === 0 ? (
        <p className="muted">{t("workspace.findings.none")}</p>
      ) : (
        <ul className="findings">
          {findings.slice(0, 200).map((f) => (
            <li key={f.id} className={`severity-${f.severity}`}>
              <span className="severity">{tr(t, `workspace.severity.${f.severity}`)}</span>{" "}
              <strong>{f.title}</strong> — <code>{f.subject.id}</code>
              <br />
              <span className="muted">{f.fix}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function StepBody({
  step,
  children,
  findings,
}: {
  step: Step;
  children: ReactNode;
  findings?: (finding: Finding) => boolean;
}) {
  const { t } = useTranslation();
  const { site, siteError, analysis } = useSiteData();
  const key = step.replace("-", "_");
  const progress = site ? siteProgress(site, analysis?.report).find((p) => p.step === step) : undefined;
  return (
    <section className="page step-page" aria-labelledby="page-title">
      <h1 id="page-title">{t(`nav.step${key}` as `nav.${NavKey}`)}</h1>
      <div className="purpose">
        <p>{tr(t, `workspace.purpose.${key}`)}</p>
        <p className="muted small">{t("workspace.purposeNote")}</p>
      </div>
      {siteError && siteError.status !== 403 ? <ErrorMessage error={siteError} /> : null}
      {progress ? <StepStatus progress={progress} current={step} /> : siteError ? null : <Loading />}
      {findings ? <Findings filter={findings} /> : null}
      {children}
    </section>
  );
}

/** A step of the guideline: what it is for (in Mamori's words), how far the site is, and its editors. */
export function StepPage(props: {
  step: Step;
  children: ReactNode;
  findings?: (finding: Finding) => boolean;
}) {
  return (
    <SiteDataProvider>
      <StepBody {...props} />
    </SiteDataProvider>
  );
}
