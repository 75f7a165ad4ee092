import { useTranslation } from "react-i18next";
import { tr } from "../workspace/text";
import { cvssName, dateOnly } from "./text";

export interface RemediationItem {
  category: string;
  details: string;
  date?: string | null;
  url?: string | null;
}

/**
 * What advisories say to do (vendor fix, mitigation, workaround…), in their order, with the date and link
 * they give; `productsOf` adds a line naming what each applies to, where the caller knows it.
 */
export function Remediations<R extends RemediationItem>({
  remediations,
  productsOf,
  emptyAs = "p",
}: {
  remediations: readonly R[];
  productsOf?: (remediation: R) => string;
  /** The "none" text as a paragraph, or inline inside a definition list. */
  emptyAs?: "p" | "span";
}) {
  const { t, i18n } = useTranslation();
  if (remediations.length === 0) {
    const Empty = emptyAs;
    return <Empty className="muted">{t("vulnerabilities.case.advisory.noRemediations")}</Empty>;
  }
  return (
    <ul className="remediations">
      {remediations.map((r, index) => {
        const products = productsOf?.(r);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: remediations keep the advisories' order
          <li key={index}>
            <strong>{tr(t, `vulnerabilities.remediation.${r.category}`)}</strong>
            {r.date ? <span className="muted small"> ({dateOnly(i18n.language, r.date)})</span> : null}
            <p className="pre-line">{r.details}</p>
            {r.url ? (
              <a href={r.url} target="_blank" rel="noreferrer noopener">
                {r.url}
              </a>
            ) : null}
            {products ? <p className="muted small">{products}</p> : null}
          </li>
        );
      })}
    </ul>
  );
}

export interface ScoreItem {
  system: "cvss_v2" | "cvss_v3" | "cvss_v4";
  version: string;
  baseScore: number;
  severity?: string | null;
  vector: string;
  products: readonly string[];
}

/**
 * The CVSS scores advisories give, one row each; `productsOf` adds a column naming the advisory products
 * a score is given for, where the page shows several.
 */
export function Scores<S extends ScoreItem>({
  scores,
  productsOf,
}: {
  scores: readonly S[];
  productsOf?: (score: S) => string;
}) {
  const { t } = useTranslation();
  if (scores.length === 0) return <p className="muted">{t("vulnerabilities.case.advisory.noScores")}</p>;
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th scope="col">{t("vulnerabilities.case.advisory.system")}</th>
          <th scope="col">{t("vulnerabilities.case.advisory.baseScore")}</th>
          <th scope="col">{t("vulnerabilities.case.advisory.severity")}</th>
          <th scope="col">{t("vulnerabilities.case.advisory.vector")}</th>
          {productsOf ? <th scope="col">{t("vulnerabilities.advisory.productName")}</th> : null}
        </tr>
      </thead>
      <tbody>
        {scores.map((s) => (
          <tr key={`${s.system}|${s.vector}|${s.products.join(",")}`}>
            <td>{cvssName(s.system, s.version)}</td>
            <td>{s.baseScore}</td>
            <td>{s.severity ?? ""}</td>
            <td>
              <code className="vector">{s.vector}</code>
            </td>
            {productsOf ? <td className="small">{productsOf(s)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
