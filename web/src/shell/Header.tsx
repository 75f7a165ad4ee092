import { useTranslation } from "react-i18next";
import { Link, NavLink, useMatch, useNavigate } from "react-router";
import { seesProducts } from "../components/products/data";
import { type Language, languages, setLanguage } from "../i18n/index";
import { useSession, useSignedIn } from "../session";
import { localText } from "../text";
import { Notices } from "./Notices";

const languageNames: Record<Language, string> = { ja: "日本語", en: "EN" };

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <fieldset className="language-switch">
      <legend className="visually-hidden">{t("header.language")}</legend>
      {languages.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          aria-pressed={i18n.language === lang}
          onClick={() => setLanguage(lang)}
        >
          {languageNames[lang]}
        </button>
      ))}
    </fieldset>
  );
}

function SitePicker() {
  const { t, i18n } = useTranslation();
  const { sites } = useSignedIn();
  const navigate = useNavigate();
  const current = useMatch("/sites/:siteId/*")?.params.siteId ?? "";
  return (
    <label className="site-picker">
      <span>{t("header.site")}</span>
      <select
        value={current}
        onChange={(event) =>
          navigate(event.target.value ? `/sites/${encodeURIComponent(event.target.value)}` : "/")
        }
      >
        <option value="">{t("header.allSites")}</option>
        {sites.map((site) => (
          <option key={site.id} value={site.id}>
            {localText(site.name, i18n.language, site.id)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The parts of the app beside the sites: the IoT products, for those who see any. */
function AppNav() {
  const { t } = useTranslation();
  const { me } = useSignedIn();
  if (!seesProducts(me)) return null;
  return (
    <nav className="app-nav" aria-label={t("header.nav")}>
      <ul>
        <li>
          <NavLink to="/products">{t("nav.products")}</NavLink>
        </li>
      </ul>
    </nav>
  );
}

function UserMenu() {
  const { t } = useTranslation();
  const { me } = useSignedIn();
  const { logout } = useSession();
  const navigate = useNavigate();
  return (
    <details className="user-menu">
      <summary aria-label={t("header.userMenu")}>{me.displayName || me.username}</summary>
      <div className="menu">
        <p>{t("header.signedInAs", { name: me.username })}</p>
        {me.isAdmin ? <p className="badge">{t("header.administrator")}</p> : null}
        <button
          type="button"
          onClick={async () => {
            await logout();
            navigate("/");
          }}
        >
          {t("header.logout")}
        </button>
      </div>
    </details>
  );
}

/** Product name, and once signed in: site picker, the products link, language switch, user menu. */
export function Header({ signedIn }: { signedIn: boolean }) {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <Link to="/" className="brand">
        <span lang="ja">守り</span> <span lang="en">Mamori</span>
      </Link>
      {signedIn ? <SitePicker /> : null}
      {signedIn ? <AppNav /> : null}
      <div className="header-end">
        <LanguageSwitch />
        {signedIn ? <Notices /> : null}
        {signedIn ? <UserMenu /> : null}
      </div>
    </header>
  );
}
