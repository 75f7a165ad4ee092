import { useTranslation } from "react-i18next";
import type { Reason } from "./data";

function ReasonList({ reasons }: { reasons: readonly Reason[] }) {
  return (
    <ul className="why-list">
      {reasons.map((reason, index) => (
        // Reasons have no id of their own; their order is the analysis's.
        // biome-ignore lint/suspicious/noArrayIndexKey: stable order from the report
        <li key={index}>
          {reason.text}
          {reason.because && reason.because.length > 0 ? <ReasonList reasons={reason.because} /> : null}
        </li>
      ))}
    </ul>
  );
}

/** The reason chain of an item, shown on demand. */
export function Why({ reasons, label }: { reasons: readonly Reason[]; label?: string }) {
  const { t } = useTranslation();
  if (reasons.length === 0) return null;
  return (
    <details className="why">
      <summary>{label ?? t("results.why")}</summary>
      <ReasonList reasons={reasons} />
    </details>
  );
}
