import "../components/workspace/workspace.css";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, call } from "../api/client";
import { ErrorMessage, Loading } from "../components/Feedback";
import { productLink } from "../components/products/data";
import { useLoad } from "../components/vulnerabilities/data";
import { localText } from "../text";

/** The IoT products the user may see (the server filters them), each opening its PSIRT page. */
export default function Products() {
  const { t, i18n } = useTranslation();
  const load = useCallback(() => call(api.GET("/api/products")), []);
  const { state, reload } = useLoad(load);
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" });
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">{t("products.list.title")}</h1>
      <p className="purpose">{t("products.list.explain")}</p>
      {state.phase === "loading" ? <Loading /> : null}
      {state.phase === "failed" ? <ErrorMessage error={state.error} onRetry={reload} /> : null}
      {state.phase === "ready" && state.data.items.length === 0 ? <p>{t("products.list.empty")}</p> : null}
      {state.phase === "ready" && state.data.items.length > 0 ? (
        <ul className="site-list">
          {state.data.items.map((product) => {
            const name = localText(product.name, i18n.language, product.id);
            return (
              <li key={product.id}>
                <Link to={productLink(product.id)} aria-label={t("products.list.open", { name })}>
                  <span>
                    <span className="site-name">{name}</span> <code className="small">{product.id}</code>
                  </span>
                  <span className="site-meta">
                    <span>{t("products.list.version", { version: String(product.version) })}</span>
                    <span>
                      {t("products.list.updatedAt", { date: date.format(new Date(product.updatedAt)) })}
                    </span>
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}
