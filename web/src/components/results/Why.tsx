import { type ReactNode, useState } from "react";
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
  // The chain is drawn only once opened: a register of hundreds of risks stays light.
  const [open, setOpen] = useState(false);
  if (reasons.length === 0) return null;
  return (
    <details className="why" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{label ?? t("results.why")}</summary>
      {open ? <ReasonList reasons={reasons} /> : null}
    </details>
  );
}

/** A <details> whose content is built only when it is opened. */
export function LazyDetails({ summary, children }: { summary: ReactNode; children: () => ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{summary}</summary>
      {open ? children() : null}
    </details>
  );
}
