import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../../api/client";
import { ErrorMessage, Loading } from "../Feedback";
import { type Loadable, rawBody } from "../vulnerabilities/data";
import { SbomRemoveControls, SbomUploadForm } from "../vulnerabilities/SbomVex";
import { dateTime } from "../vulnerabilities/text";
import { tr } from "../workspace/text";
import { componentCount, type ProductSbom, sbomTree } from "./data";

/**
 * The product's one SBOM: what is held (format, name, number of components, when and by whom it was
 * imported), the upload that replaces it and its removal. Both make the server match the product again,
 * which `onChanged` tells the page.
 */
export function ProductSbomPanel({
  product,
  name,
  sbom,
  canEdit,
  onChanged,
}: {
  product: string;
  /** The product's name in the reader's language. */
  name: string;
  sbom: Loadable<ProductSbom | null>;
  canEdit: boolean;
  onChanged(): void;
}) {
  const { t, i18n } = useTranslation();
  const [message, setMessage] = useState<string>();
  const held = sbom.phase === "ready" ? sbom.data : null;
  const tree = held ? sbomTree(held) : undefined;

  return (
    <section aria-labelledby="sbom-heading" className="panel-section">
      <h2 id="sbom-heading">{t("products.sbom.heading")}</h2>
      <p className="muted small">{t("products.sbom.explain")}</p>
      {sbom.phase === "loading" ? <Loading /> : null}
      {sbom.phase === "failed" ? <ErrorMessage error={sbom.error} onRetry={onChanged} /> : null}
      {sbom.phase === "ready" && !held ? <p className="muted">{t("products.sbom.none")}</p> : null}
      {held && tree ? (
        <dl className="facts sbom-facts">
          <dt>{t("vulnerabilities.sbom.format")}</dt>
          <dd>
            {tree.format} {tree.specVersion}
          </dd>
          {tree.name ? (
            <>
              <dt>{t("vulnerabilities.sbom.name")}</dt>
              <dd>{tree.name}</dd>
            </>
          ) : null}
          <dt>{t("vulnerabilities.sbom.components")}</dt>
          <dd>{componentCount(tree)}</dd>
          <dt>{t("vulnerabilities.sbom.importedAt")}</dt>
          <dd>{dateTime(i18n.language, held.importedAt)}</dd>
          <dt>{t("products.sbom.importedBy")}</dt>
          <dd>{held.importedBy ?? "—"}</dd>
        </dl>
      ) : null}
      {held && canEdit ? (
        <SbomRemoveControls
          name={name}
          remove={() => call(api.DELETE("/api/products/{product}/sbom", { params: { path: { product } } }))}
          onRemoved={() => {
            setMessage(tr(t, "vulnerabilities.sbom.removed", { asset: name }));
            onChanged();
          }}
        />
      ) : null}
      <p role="status" className="saved">
        {message ?? ""}
      </p>
      {canEdit ? (
        <SbomUploadForm
          {...(held ? { replaces: t("products.sbom.replaces") } : {})}
          put={(text, contentType) =>
            call(
              api.PUT("/api/products/{product}/sbom", {
                params: { path: { product } },
                ...rawBody(text, contentType),
              }),
            )
          }
          onStart={() => setMessage(undefined)}
          onStored={(stored) => {
            setMessage(
              tr(t, "vulnerabilities.sbom.uploaded", {
                asset: name,
                format: stored.format,
                specVersion: stored.specVersion,
                components: stored.components,
              }),
            );
            onChanged();
          }}
        />
      ) : null}
    </section>
  );
}
