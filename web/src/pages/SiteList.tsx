import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useSignedIn } from "../session";
import { localText } from "../text";

export default function SiteList() {
  const { t, i18n } = useTranslation();
  const { sites } = useSignedIn();
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" });
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">{t("sites.title")}</h1>
      {sites.length === 0 ? (
        <p>{t("sites.empty")}</p>
      ) : (
        <ul className="site-list">
          {sites.map((site) => {
            const name = localText(site.name, i18n.language, site.id);
            return (
              <li key={site.id}>
                <Link to={`/sites/${encodeURIComponent(site.id)}`} aria-label={t("sites.open", { name })}>
                  <span className="site-name">{name}</span>
                  <span className="site-meta">
                    <span>{t("sites.version", { version: String(site.version) })}</span>
                    <span>{t("sites.updatedAt", { date: date.format(new Date(site.updatedAt)) })}</span>
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
