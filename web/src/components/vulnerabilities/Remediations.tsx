import { useTranslation } from "react-i18next";
import { tr } from "../workspace/text";
import { dateOnly } from "./text";

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
