import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, Outlet, useParams } from "react-router";
import { Loading } from "../components/Feedback";
import { adminNav, NotFoundPage, siteNav, siteOverview } from "../routes";
import { useSignedIn } from "../session";
import { localText } from "../text";

/** A site's workspace: the guideline's steps on the left, the current step's page on the right. */
export function SiteLayout() {
  const { t, i18n } = useTranslation();
  const { me, sites } = useSignedIn();
  const { siteId } = useParams();
  const site = sites.find((candidate) => candidate.id === siteId);
  if (!site) {
    return (
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <NotFoundPage />
        </Suspense>
      </main>
    );
  }
  const base = `/sites/${encodeURIComponent(site.id)}`;
  const own = { ...adminNav, pages: adminNav.pages.filter((page) => page.visible?.(me) ?? me.isAdmin) };
  const groups = own.pages.length ? [...siteNav, own] : siteNav;
  return (
    <div className="workspace">
      <nav className="site-nav" aria-label={t("nav.label")}>
        <p className="site-title">{localText(site.name, i18n.language, site.id)}</p>
        <ul>
          <li>
            <NavLink to={base} end>
              {t(`nav.${siteOverview.label}`)}
            </NavLink>
          </li>
        </ul>
        {groups.map((group) => (
          <section key={group.label} aria-labelledby={`nav-${group.label}`}>
            <h2 id={`nav-${group.label}`}>{t(`nav.${group.label}`)}</h2>
            <ul>
              {group.pages.map((page) => (
                <li key={page.path}>
                  <NavLink to={page.path.startsWith("/") ? page.path : `${base}/${page.path}`}>
                    {t(`nav.${page.label}`)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </nav>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
