import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export default function NotFound() {
  const { t } = useTranslation();
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">{t("errors.notFound")}</h1>
      <p>
        <Link to="/">{t("errors.backToSites")}</Link>
      </p>
    </section>
  );
}
