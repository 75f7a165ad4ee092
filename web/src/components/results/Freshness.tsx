import { useTranslation } from "react-i18next";
import type { AnalysisState } from "./data";

/** Says whether the report shown is the analysis of the latest change, or a re-analysis is running. */
export function FreshnessNote({ state }: { state: AnalysisState }) {
  const { t, i18n } = useTranslation();
  if (!state.fresh)
    return (
      <p className="freshness pending" role="status">
        {t("results.reanalysing")}
      </p>
    );
  return (
    <p className="freshness" role="status">
      {t("results.analysedAt", {
        version: String(state.analysedVersion ?? "—"),
        date: state.computedAt ? new Date(state.computedAt).toLocaleString(i18n.language) : "—",
      })}
    </p>
  );
}
