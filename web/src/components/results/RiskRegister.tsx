import { createContext, Fragment, useCallback, useContext, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type ApiError, api, call } from "../../api/client";
import { ErrorMessage, Loading } from "../Feedback";
import { type Case, caseLink, useLoad } from "../vulnerabilities/data";
import { approverLabel, assetName } from "../vulnerabilities/parts";
import { dateOnly } from "../vulnerabilities/text";
import { levelRank, type ReportParts, type ReportWith, type Risk, type Subject, useSiteModel } from "./data";
import { LevelSelect } from "./LevelSelect";
import { Why } from "./Why";

/** What the register may offer: recording treatments, and accepting or transferring (management). */
export interface RegisterAbilities {
  canTreat: boolean;
  canApprove: boolean;
  onSaved(): void;
}
export const RegisterContext = createContext<RegisterAbilities>({
  canTreat: false,
  canApprove: false,
  onSaved() {},
});

export function SubjectLink({ site, subject }: { site: string; subject: Subject }) {
  const { t } = useTranslation();
  const base = `/sites/${encodeURIComponent(site)}`;
  const onDiagram = ["zone", "asset", "conduit", "external"].includes(subject.kind);
  const label = `${t(`results.kind.${subject.kind}` as "results.kind.zone", { defaultValue: subject.kind })}: ${subject.id}`;
  return onDiagram ? (
    <Link to={`${base}/diagram?select=${encodeURIComponent(subject.id)}`}>{label}</Link>
  ) : (
    <span>{label}</span>
  );
}

function scaleLabel(report: ReportParts, scale: string, key: string): string {
  return report.scales[scale]?.find((l) => l.key === key)?.label ?? key;
}

export function RiskTable({
  report,
  risks,
  site,
}: {
  report: ReportWith<"threats">;
  risks: Risk[];
  site: string;
}) {
  const { t } = useTranslation();
  const abilities = useContext(RegisterContext);
  const [open, setOpen] = useState<string | undefined>();
  const threatName = useMemo(() => new Map(report.threats.map((th) => [th.threat, th.name])), [report]);
  return (
    <table className="data-table risk-table">
      <thead>
        <tr>
          <th scope="col">{t("results.fields.risk")}</th>
          <th scope="col">{t("results.fields.subject")}</th>
          <th scope="col">{t("results.fields.likelihood")}</th>
          <th scope="col">{t("results.fields.impact")}</th>
          <th scope="col">{t("results.fields.level")}</th>
          <th scope="col">{t("results.fields.treatment")}</th>
        </tr>
      </thead>
      <tbody>
        {risks.map((risk) => (
          <Fragment key={risk.id}>
            <tr>
              <td>
                <strong>{threatName.get(risk.threat) ?? risk.threat}</strong>
                <div className="muted mono">{risk.id}</div>
                <Why reasons={risk.why} />
              </td>
              <td>
                <SubjectLink site={site} subject={risk.subject} />
              </td>
              <td>
                {scaleLabel(report, "likelihood", risk.likelihood)}
                <Why reasons={risk.residual.why} />
              </td>
              <td>{scaleLabel(report, "impact", risk.impact)}</td>
              <td>
                <span className={`sev sev-${risk.level}`}>{t(`results.level.${risk.level}`)}</span>
              </td>
              <td>
                {risk.treatment ? (
                  <div>
                    <strong>{t(`results.decision.${risk.treatment.decision}`)}</strong>{" "}
                    <span className="muted">({t(`results.treatmentState.${risk.treatment.state}`)})</span>
                    <div className="muted">
                      {risk.treatment.decidedOn}
                      {risk.treatment.approvedBy
                        ? ` · ${t("results.treatment.approvedBy", { name: risk.treatment.approvedBy })}`
                        : ""}
                    </div>
                  </div>
                ) : (
                  <span className="muted">{t("results.treatment.none")}</span>
                )}
                {abilities.canTreat ? (
                  <button
                    type="button"
                    aria-expanded={open === risk.id}
                    onClick={() => setOpen(open === risk.id ? undefined : risk.id)}
                  >
                    {t("results.treatment.record")}
                  </button>
                ) : null}
              </td>
            </tr>
            {open === risk.id ? (
              <tr className="form-row">
                <td colSpan={6}>
                  <TreatmentForm
                    site={site}
                    risk={risk}
                    basisLabel={(scale, key) => scaleLabel(report, scale, key)}
                    onDone={() => {
                      setOpen(undefined);
                      abilities.onSaved();
                    }}
                    onCancel={() => setOpen(undefined)}
                  />
                </td>
              </tr>
            ) : null}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

type Decision = "mitigate" | "accept" | "transfer" | "avoid";

function TreatmentForm({
  site,
  risk,
  basisLabel,
  onDone,
  onCancel,
}: {
  site: string;
  risk: Risk;
  basisLabel(scale: string, key: string): string;
  onDone(): void;
  onCancel(): void;
}) {
  const { t, i18n } = useTranslation();
  const { canApprove } = useContext(RegisterContext);
  const decisions: Decision[] = canApprove
    ? ["mitigate", "accept", "transfer", "avoid"]
    : ["mitigate", "avoid"];
  const initial = risk.treatment?.decision;
  const [decision, setDecision] = useState<Decision>(
    initial && decisions.includes(initial) ? initial : "mitigate",
  );
  const [reason, setReason] = useState(risk.treatment?.reason ?? "");
  const [decidedOn, setDecidedOn] = useState(new Date().toISOString().slice(0, 10));
  const [owner, setOwner] = useState(risk.treatment?.owner ?? "");
  const [countermeasures, setCountermeasures] = useState("");
  const [insurance, setInsurance] = useState("");
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const lang = i18n.language === "en" ? "en" : "ja";
  const formId = `treat-${risk.id}`;

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    const ids = countermeasures
      .split(/[,、\s]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const body = {
      risk: risk.id,
      decision,
      reason: { [lang]: reason },
      decidedOn,
      basis: { likelihood: risk.residual.likelihood, impact: risk.residual.impact },
      ...(owner ? { owner } : {}),
      ...(decision === "mitigate" && ids.length ? { countermeasures: ids } : {}),
      ...(decision === "transfer" && insurance ? { insurance: { [lang]: insurance } } : {}),
    };
    let result: { ok: true } | { ok: false; error: ApiError };
    if (risk.treatment) {
      const current = await call(
        api.GET("/api/sites/{site}/treatments/{key}", { params: { path: { site, key: risk.id } } }),
      );
      if (!current.ok) result = current;
      else
        result = await call(
          api.PUT("/api/sites/{site}/treatments/{key}", {
            params: { path: { site, key: risk.id } },
            body: body as never,
            headers: { "If-Match": `"${current.data.revision.version}"` },
          }),
        );
    } else {
      result = await call(
        api.POST("/api/sites/{site}/treatments", { params: { path: { site } }, body: body as never }),
      );
    }
    setBusy(false);
    if (result.ok) onDone();
    else setError(result.error);
  };

  return (
    <form
      className="treatment-form"
      aria-labelledby={`${formId}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h3 id={`${formId}-title`}>{t("results.treatment.formTitle", { risk: risk.id })}</h3>
      <fieldset>
        <legend>{t("results.treatment.decision")}</legend>
        {decisions.map((d) => (
          <label key={d} className="check">
            <input
              type="radio"
              name={`${formId}-decision`}
              value={d}
              checked={decision === d}
              onChange={() => setDecision(d)}
            />
            {t(`results.decision.${d}`)}
          </label>
        ))}
        {!canApprove ? <p className="muted">{t("results.treatment.approvalNote")}</p> : null}
      </fieldset>
      <label>
        {t("results.treatment.reason")}
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} required rows={2} />
      </label>
      <div className="row">
        <label>
          {t("results.treatment.decidedOn")}
          <input type="date" value={decidedOn} onChange={(e) => setDecidedOn(e.target.value)} required />
        </label>
        <label>
          {t("results.treatment.owner")}
          <input value={owner} onChange={(e) => setOwner(e.target.value)} />
        </label>
        {decision === "mitigate" ? (
          <label>
            {t("results.treatment.countermeasures")}
            <input value={countermeasures} onChange={(e) => setCountermeasures(e.target.value)} />
          </label>
        ) : null}
        {decision === "transfer" ? (
          <label>
            {t("results.treatment.insurance")}
            <input value={insurance} onChange={(e) => setInsurance(e.target.value)} />
          </label>
        ) : null}
      </div>
      <p className="muted">
        {t("results.treatment.basis", {
          likelihood: basisLabel("likelihood", risk.residual.likelihood),
          impact: basisLabel("impact", risk.residual.impact),
        })}
      </p>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t("results.treatment.save")}
        </button>
        <button type="button" onClick={onCancel}>
          {t("results.cancel")}
        </button>
      </div>
    </form>
  );
}

/** The risk register: every risk, worst first, filterable by level and treatment. */
export function RiskRegister({ report, site }: { report: ReportWith<"risks" | "threats">; site: string }) {
  const { t } = useTranslation();
  const [level, setLevel] = useState("");
  const [state, setState] = useState("");
  const [query, setQuery] = useState("");
  const pageSize = 50;
  const [shown, setShown] = useState(pageSize);
  const risks = useMemo(
    () =>
      report.risks
        .filter((r) => !level || r.level === level)
        .filter((r) => !state || (state === "untreated" ? !r.treatment : r.treatment?.state === state))
        .filter((r) => !query || r.id.includes(query) || r.subject.id.includes(query))
        .sort(
          (a, b) =>
            levelRank(b.level) - levelRank(a.level) ||
            b.residual.score - a.residual.score ||
            a.id.localeCompare(b.id),
        ),
    [report, level, state, query],
  );
  // The accepted vulnerability risks come first: few, each with a review date to keep, they would otherwise
  // sit below every page of the analysis's risks (and the filters above belong to those risks alone).
  return (
    <div>
      <AcceptedVulnerabilities site={site} />
      <section aria-labelledby="analysis-risks">
        <h2 id="analysis-risks">{t("results.analysisRisks")}</h2>
        <div className="filters">
          <LevelSelect label={t("results.fields.level")} value={level} onChange={setLevel} />
          <label>
            {t("results.fields.treatment")}
            <select value={state} onChange={(e) => setState(e.target.value)}>
              <option value="">{t("results.all")}</option>
              <option value="untreated">{t("results.treatment.none")}</option>
              {(["current", "review", "unapproved"] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`results.treatmentState.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("results.search")}
            <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
          </label>
          <p className="muted" role="status">
            {t("results.count", { n: String(risks.length) })}
          </p>
        </div>
        <RiskTable report={report} risks={risks.slice(0, shown)} site={site} />
        {risks.length > shown ? (
          <button type="button" onClick={() => setShown(shown + pageSize)}>
            {t("results.more", { n: String(risks.length - shown) })}
          </button>
        ) : null}
      </section>
    </div>
  );
}

/**
 * Vulnerability risks management accepted in the OODA loop's Decide stage: they belong to the register as
 * much as the analysis's risks do, with who approved them and when they are to be looked at again.
 */
function AcceptedVulnerabilities({ site }: { site: string }) {
  const { t } = useTranslation();
  const load = useCallback(
    () =>
      call(api.GET("/api/sites/{site}/cases", { params: { path: { site }, query: { stage: "closed" } } })),
    [site],
  );
  const { state } = useLoad(load);
  const accepted =
    state.phase === "ready" ? state.data.items.filter((c) => c.decision?.action === "accept") : [];
  return (
    <section aria-labelledby="accepted-vulnerabilities">
      <h2 id="accepted-vulnerabilities">{t("results.acceptedVulnerabilities.title")}</h2>
      {state.phase === "loading" ? <Loading /> : null}
      {state.phase === "failed" ? <ErrorMessage error={state.error} /> : null}
      {state.phase === "ready" && accepted.length === 0 ? (
        <p className="muted">{t("results.acceptedVulnerabilities.none")}</p>
      ) : null}
      {accepted.length > 0 ? <AcceptedTable site={site} accepted={accepted} /> : null}
    </section>
  );
}

/**
 * The accepted risks, their assets named from the site model as on the case page (the id beneath, as the
 * register's other rows show theirs) and the review date written as the case page writes it.
 */
function AcceptedTable({ site, accepted }: { site: string; accepted: Case[] }) {
  const { t, i18n } = useTranslation();
  const { state: model } = useSiteModel(site);
  // Until the model is read the names are not known; a model that cannot be read leaves the ids.
  if (model.phase === "loading") return <Loading />;
  const assets = model.phase === "ready" ? model.data : undefined;
  return (
    <table className="data-table accepted-table">
      <caption className="visually-hidden">{t("results.acceptedVulnerabilities.title")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("results.acceptedVulnerabilities.vulnerability")}</th>
          <th scope="col">{t("results.acceptedVulnerabilities.asset")}</th>
          <th scope="col">{t("results.acceptedVulnerabilities.rationale")}</th>
          <th scope="col">{t("results.acceptedVulnerabilities.approvedBy")}</th>
          <th scope="col">{t("results.acceptedVulnerabilities.reviewBy")}</th>
        </tr>
      </thead>
      <tbody>
        {accepted.map((c) => {
          const name = assetName(assets, c.asset, i18n.language);
          return (
            <tr key={`${c.asset}|${c.vulnerability}`}>
              <td>
                <Link to={caseLink(site, c.asset, c.vulnerability)}>{c.vulnerability}</Link>
              </td>
              <td>
                {name}
                {name === c.asset ? null : <div className="muted mono">{c.asset}</div>}
              </td>
              <td>{c.decision?.rationale}</td>
              <td>{c.decision ? approverLabel(c.decision) : ""}</td>
              <td>{dateOnly(i18n.language, c.decision?.reviewBy)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
