import { useTranslation } from "react-i18next";
import type { NavKey } from "../routes";

/** The stand-in for a page that is still to be built: says so plainly instead of looking broken. */
export function NotYetAvailable({ title }: { title: NavKey }) {
  const { t } = useTranslation();
  return (
    <section className="page placeholder" aria-labelledby="page-title">
      <h1 id="page-title">{t(`nav.${title}`)}</h1>
      <p className="badge">{t("placeholder.notYetAvailable")}</p>
      <p>{t("placeholder.explanation")}</p>
    </section>
  );
}
