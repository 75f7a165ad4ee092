import { useTranslation } from "react-i18next";
import { riskLevelOrder } from "./data";

/** A filter on a risk level (findings' severity, risks' level), worst first, with "all" as the empty value. */
export function LevelSelect({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
}) {
  const { t } = useTranslation();
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t("results.all")}</option>
        {[...riskLevelOrder].reverse().map((l) => (
          <option key={l} value={l}>
            {t(`results.level.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
