import "../components/workspace/workspace.css";
import "../components/vulnerabilities/vulnerabilities.css";
import "../components/products/products.css";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api, call } from "../api/client";
import { ErrorMessage, Loading } from "../components/Feedback";
import {
  loadSbom,
  loadVulnerabilities,
  type ProductMatch,
  useProductPermissions,
} from "../components/products/data";
import { ProductInbox } from "../components/products/ProductInbox";
import { ProductSbomPanel } from "../components/products/ProductSbom";
import { ProductVulnerabilityList } from "../components/products/ProductVulnerabilities";
import { useLoad } from "../components/vulnerabilities/data";
import { VexDownloads } from "../components/vulnerabilities/SbomVex";
import { tr } from "../components/workspace/text";
import { localText } from "../text";

/** How often, and how many times, the page asks again while the server matches the product after an SBOM change. */
const watchEveryMs = 1500;
const watchTries = 20;

/**
 * Matching runs as a job after an SBOM upload or removal: the page reads the matches and vulnerabilities
 * again every `watchEveryMs` until they change (or `watchTries` reads later), saying that it is waiting.
 */
function useRematchWatch(signature: string | undefined, reload: () => void) {
  const [watch, setWatch] = useState<{ baseline: string | undefined; tries: number }>();
  useEffect(() => {
    if (!watch) return;
    if ((signature !== undefined && signature !== watch.baseline) || watch.tries >= watchTries) {
      setWatch(undefined);
      return;
    }
    const timer = setTimeout(() => {
      reload();
      setWatch((w) => (w ? { ...w, tries: w.tries + 1 } : w));
    }, watchEveryMs);
    return () => clearTimeout(timer);
  }, [watch, signature, reload]);
  return {
    watching: watch !== undefined,
    start: () => setWatch({ baseline: signature, tries: 0 }),
  };
}

/**
 * One IoT product seen by its manufacturer's PSIRT (対策6): its SBOM, the uncertain matches waiting for a
 * person, the vulnerabilities found with the product's status of each, and that status as VEX for customers.
 */
export default function Product() {
  const { t, i18n } = useTranslation();
  const product = useParams().productId ?? "";
  const may = useProductPermissions(product);
  const canEdit = may("product:edit");

  const loadRecord = useCallback(
    () => call(api.GET("/api/products/{product}", { params: { path: { product } } })),
    [product],
  );
  const loadSbomState = useCallback(() => loadSbom(product), [product]);
  const loadReview = useCallback(
    () =>
      call(
        api.GET("/api/products/{product}/matches", {
          params: { path: { product }, query: { review: "true" } },
        }),
      ),
    [product],
  );
  const loadList = useCallback(() => loadVulnerabilities(product), [product]);
  const record = useLoad(loadRecord);
  const sbom = useLoad(loadSbomState);
  const review = useLoad(loadReview);
  const list = useLoad(loadList);

  const reloadFindings = useCallback(() => {
    review.reload();
    list.reload();
  }, [review.reload, list.reload]);
  const signature =
    review.state.phase === "ready" && list.state.phase === "ready"
      ? JSON.stringify([review.state.data, list.state.data])
      : undefined;
  const rematch = useRematchWatch(signature, reloadFindings);

  if (record.state.phase === "loading") return <Loading />;
  if (record.state.phase === "failed")
    return (
      <section className="page vulnerabilities-ui" aria-labelledby="page-title">
        <h1 id="page-title">{product}</h1>
        {record.state.error.status === 404 ? (
          <p>{t("products.page.notFound")}</p>
        ) : (
          <ErrorMessage error={record.state.error} onRetry={record.reload} />
        )}
        <Link to="/products">{t("products.page.back")}</Link>
      </section>
    );

  const model = record.state.data.data;
  const name = localText(model.name, i18n.language, product);
  const componentName = (id: string) => {
    if (!id) return t("products.inbox.productItself");
    const part = model.components?.find((c) => c.id === id);
    return part ? `${part.name} ${part.version}` : id;
  };

  return (
    <section className="page product-page vulnerabilities-ui" aria-labelledby="page-title">
      <p className="breadcrumb">
        <Link to="/products">{t("products.page.back")}</Link>
      </p>
      <h1 id="page-title">{name}</h1>
      <p className="case-meta muted small">
        <code>{product}</code>
        {model.model ? <> ・ {tr(t, "products.page.model", { model: model.model })}</> : null}
        {model.firmwareVersion ? (
          <> ・ {tr(t, "products.page.firmware", { version: model.firmwareVersion })}</>
        ) : null}
      </p>
      <div className="purpose">
        <p>{t("products.page.purpose")}</p>
      </div>
      <div className="inventory-tools">
        <Link className="button" to="/advisories">
          {t("vulnerabilities.toAdvisories")}
        </Link>
        <button
          type="button"
          onClick={() => {
            sbom.reload();
            reloadFindings();
          }}
          disabled={review.busy || list.busy}
        >
          {t("vulnerabilities.reload")}
        </button>
        <span role="status" className="muted small">
          {rematch.watching ? t("products.page.matching") : ""}
        </span>
      </div>
      {canEdit ? null : <p className="badge">{t("products.page.readOnly")}</p>}

      <ProductSbomPanel
        product={product}
        name={name}
        sbom={sbom.state}
        canEdit={canEdit}
        onChanged={() => {
          sbom.reload();
          rematch.start();
        }}
      />

      {review.state.phase === "loading" ? <Loading /> : null}
      {review.state.phase === "failed" ? (
        <ErrorMessage error={review.state.error} onRetry={review.reload} />
      ) : null}
      {review.state.phase === "ready" ? (
        <ProductInbox
          product={product}
          review={review.state.data.items as ProductMatch[]}
          canEdit={canEdit}
          componentName={componentName}
          onChanged={reloadFindings}
        />
      ) : null}

      {list.state.phase === "loading" ? <Loading /> : null}
      {list.state.phase === "failed" ? <ErrorMessage error={list.state.error} onRetry={list.reload} /> : null}
      {list.state.phase === "ready" ? (
        <ProductVulnerabilityList
          product={product}
          list={list.state.data}
          canEdit={canEdit}
          componentName={componentName}
          onChanged={list.reload}
        />
      ) : null}

      <section aria-labelledby="vex-heading" className="panel-section">
        <h2 id="vex-heading">{t("products.vex.heading")}</h2>
        <p className="muted small">{t("products.vex.explain")}</p>
        <VexDownloads
          download={(format) =>
            call(
              api.GET("/api/products/{product}/vex", {
                params: { path: { product }, query: { format } },
                parseAs: "text",
              }),
            )
          }
          fileName={(format) => `${product}-vex.${format === "csaf" ? "csaf" : "cdx"}.json`}
        />
      </section>
    </section>
  );
}
