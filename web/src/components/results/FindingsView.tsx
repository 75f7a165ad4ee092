import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { editPath, levelRank, type ReportWith } from "./data";
import { LevelSelect } from "./LevelSelect";
import { SubjectLink } from "./RiskRegister";
import { Why } from "./Why";

/** The findings, worst first, filterable by severity and rule, each linked to its subject. */
export function FindingsView({ report, site }: { report: ReportWith<"findings">; site: string }) {
  const { t } = useTranslation();
  const [severity, setSeverity] = useState("");
  const [rule, setRule] = useState("");
  const rules = useMemo(() => {
    const titles = new Map<string, string>();
    for (const f of report.findings) titles.set(f.rule, f.title);
    return [...titles].sort((a, b) => a[1].localeCompare(b[1]));
  }, [report]);
  const findings = report.findings
    .filter((f) => (!severity || f.severity === severity) && (!rule || f.rule === rule))
    .sort((a, b) => levelRank(b.severity) - levelRank(a.severity) || a.id.localeCompare(b.id));
  return (
    <div>
      <div className="filters">
        <LevelSelect label={t("results.findings.severity")} value={severity} onChange={setSeverity} />
        <label>
          {t("results.findings.rule")}
          <select value={rule} onChange={(e) => setRule(e.target.value)}>
            <option value="">{t("results.all")}</option>
            {rules.map(([id, title]) => (
              <option key={id} value={id}>
                {title}
              </option>
            ))}
          </select>
        </label>
        <p className="muted" role="status">
          {t("results.count", { n: String(findings.length) })}
        </p>
      </div>
      <ul className="finding-list">
        {findings.map((f) => (
          <li key={f.id} className="finding">
            <p className="finding-head">
              <span className={`sev sev-${f.severity}`}>{t(`results.level.${f.severity}`)}</span>{" "}
              <strong>{f.title}</strong>
            </p>
            <p>{f.message}</p>
            <p>
              <span className="muted">{t("results.findings.fix")}</span> {f.fix}
            </p>
            <p className="links">
              <SubjectLink site={site} subject={f.subject} /> ·{" "}
              <Link to={editPath(site, f.subject)}>{t("results.editInWorkspace")}</Link>
            </p>
            <Why reasons={f.why} />
          </li>
        ))}
      </ul>
    </div>
  );
}
