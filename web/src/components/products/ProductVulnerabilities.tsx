import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ApiError } from "../../api/client";
import { ErrorMessage } from "../Feedback";
import { Remediations } from "../vulnerabilities/AdvisoryFacts";
import { StatusFields } from "../vulnerabilities/CaseForms";
import {
  advisoryLink,
  type Band,
  bands,
  type Justification,
  type ProductJustification,
  productJustifications,
  type Status,
} from "../vulnerabilities/data";
import { advisoryShortName, StatusBadge } from "../vulnerabilities/parts";
import { cvssName, dateOnly, dateTime } from "../vulnerabilities/text";
import { tr } from "../workspace/text";
import {
  type ProductVulnerabilities,
  type ProductVulnerabilityChange,
  type ProductVulnerabilityItem,
  patchStatus,
} from "./data";

const openStatuses: readonly Status[] = ["affected", "under-investigation"];

/** CVSS as a severity badge (the advisory's rating) with the score and the vector. */
function Cvss({ score }: { score: NonNullable<ProductVulnerabilityItem["cvss"]> }) {
  const { t } = useTranslation();
  const severity = score.severity?.toLowerCase();
  const band = (bands as readonly string[]).includes(severity ?? "") ? (severity as Band) : undefined;
  const text = `${cvssName(score.system, score.version)} ${score.baseScore}`;
  return (
    <>
      {band ? (
        <span className={`sev sev-${band}`}>
          {tr(t, `vulnerabilities.band.${band}`)} <span className="score">{text}</span>
        </span>
      ) : (
        <span>
          {text}
          {score.severity ? ` (${score.severity})` : ""}
        </span>
      )}
      <div>
        <code className="vector small">{score.vector}</code>
      </div>
    </>
  );
}

/**
 * The manufacturer's status of one vulnerability for the product: affected, under investigation, not
 * affected (with one of the justifications the site's cases use) or fixed, and a detail. `send` answers the
 * refusal to show here (422 problems), or nothing when it was recorded or lost to someone else's change.
 */
function StatusEditor({
  item,
  send,
}: {
  item: ProductVulnerabilityItem;
  send(change: ProductVulnerabilityChange): Promise<ApiError | undefined>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const current = item.vulnerability;
  const [status, setStatus] = useState<Status>(current.status);
  const [justification, setJustification] = useState<Justification | "">(
    (current.justification as Justification | null) ?? "",
  );
  const [detail, setDetail] = useState(current.statusDetail ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const refused = await send({
      status,
      // The select offers only a product's justifications.
      ...(status === "not-affected" && justification
        ? { justification: justification as ProductJustification }
        : {}),
      statusDetail: detail.trim() ? detail.trim() : null,
    });
    setBusy(false);
    setError(refused);
  };
  return (
    <form
      className="stage-form status-editor"
      aria-labelledby={`${id}-heading`}
      onSubmit={(event) => void submit(event)}
      noValidate
    >
      <h4 id={`${id}-heading`}>
        {tr(t, "products.vulnerabilities.editFor", { vulnerability: current.vulnerability })}
      </h4>
      <p className="muted small">{t("products.vulnerabilities.formExplain")}</p>
      <StatusFields
        id={id}
        status={[status, setStatus]}
        justification={[justification, setJustification]}
        detail={[detail, setDetail]}
        error={error}
        choices={productJustifications}
      />
      {error ? <ErrorMessage error={error} /> : null}
      <div className="form-actions">
        <button
          type="submit"
          className="primary"
          disabled={busy || (status === "not-affected" && !justification)}
        >
          {t("vulnerabilities.case.statusEditor.save")}
        </button>
      </div>
    </form>
  );
}

/** One vulnerability: what the advisories say, where matching found it, our status and (for editors) its form. */
function VulnerabilityCard({
  product,
  item,
  canEdit,
  componentName,
  onChanged,
}: {
  product: string;
  item: ProductVulnerabilityItem;
  canEdit: boolean;
  componentName(id: string): string;
  onChanged(): void;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const current = item.vulnerability;
  const [conflict, setConflict] = useState<ApiError["current"]>();
  const [saved, setSaved] = useState(false);
  const conflictBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (conflict) conflictBox.current?.focus();
  }, [conflict]);
  const percent = new Intl.NumberFormat(i18n.language, { style: "percent", maximumFractionDigits: 1 });
  const remediations = item.advisories.flatMap((a) => a.remediations.map((r) => ({ advisory: a.key, ...r })));

  const send = async (change: ProductVulnerabilityChange): Promise<ApiError | undefined> => {
    setSaved(false);
    const result = await patchStatus(product, current.vulnerability, current.version, change);
    if (result.ok) {
      setConflict(undefined);
      setSaved(true);
      onChanged();
      return undefined;
    }
    if (result.error.status === 409) {
      setConflict(
        result.error.current ?? { version: 0, updatedBy: null, updatedAt: new Date().toISOString() },
      );
      onChanged();
      return undefined;
    }
    return result.error;
  };

  return (
    <li className="product-vulnerability">
      <article aria-labelledby={`${id}-title`}>
        <h3 id={`${id}-title`}>{current.vulnerability}</h3>
        <p className="case-meta">
          <StatusBadge status={current.status} />
          {item.kev ? (
            <>
              {" "}
              <abbr className="kev" title={t("vulnerabilities.list.kevTitle")}>
                {t("vulnerabilities.list.kev")}
              </abbr>
            </>
          ) : null}{" "}
          <span className="muted small">
            {tr(t, "products.vulnerabilities.firstSeen", {
              date: dateTime(i18n.language, current.firstSeen),
            })}
          </span>
        </p>
        <dl className="case-record">
          <dt>{t("products.vulnerabilities.advisories")}</dt>
          <dd>
            <ul className="plain">
              {item.advisories.map((a) => (
                <li key={a.key}>
                  <Link to={advisoryLink(a.key)}>{a.title || advisoryShortName(a.key)}</Link>{" "}
                  <span className="muted small">{advisoryShortName(a.key)}</span>
                </li>
              ))}
            </ul>
          </dd>
          <dt>{t("products.vulnerabilities.cvss")}</dt>
          <dd>
            {item.cvss ? (
              <Cvss score={item.cvss} />
            ) : (
              <span className="muted">{t("products.vulnerabilities.noCvss")}</span>
            )}
          </dd>
          {item.kev ? (
            <>
              <dt>{t("vulnerabilities.list.kev")}</dt>
              <dd>
                {tr(t, "products.vulnerabilities.kevAdded", {
                  date: dateOnly(i18n.language, item.kev.dateAdded),
                })}
                <div className="muted small">{item.kev.requiredAction}</div>
              </dd>
            </>
          ) : null}
          {item.epss ? (
            <>
              <dt>{t("products.vulnerabilities.epss")}</dt>
              <dd>
                {tr(t, "products.vulnerabilities.epssValue", {
                  probability: percent.format(item.epss.epss),
                  percentile: percent.format(item.epss.percentile),
                })}
              </dd>
            </>
          ) : null}
          <dt>{t("products.vulnerabilities.components")}</dt>
          <dd>
            {item.components.length === 0 ? (
              <span className="muted">{t("products.vulnerabilities.noComponents")}</span>
            ) : (
              <ul className="plain">
                {item.components.map((c) => (
                  <li key={c.id}>
                    {c.id ? (
                      <>
                        {c.name}
                        {c.version ? ` ${c.version}` : ""} <code className="small">{c.id}</code>
                      </>
                    ) : (
                      componentName("")
                    )}
                    {c.certain ? null : (
                      <span className="muted small"> {t("products.vulnerabilities.confirmedMatch")}</span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>{t("products.vulnerabilities.status")}</dt>
          <dd>
            {tr(t, `vulnerabilities.status.${current.status}`)}
            {current.justification
              ? ` — ${tr(t, `vulnerabilities.justification.${current.justification}`)}`
              : ""}
            {current.statusDetail ? <div className="pre-line">{current.statusDetail}</div> : null}
            <div className="muted small">
              {tr(t, "products.vulnerabilities.updated", {
                by: current.updatedBy ?? t("vulnerabilities.case.history.system"),
                at: dateTime(i18n.language, current.updatedAt),
              })}
              {" ・ "}
              {tr(t, `products.vulnerabilities.source.${current.source}`)}
            </div>
          </dd>
          <dt>{t("vulnerabilities.case.advisory.remediations")}</dt>
          <dd>
            <Remediations remediations={remediations} emptyAs="span" />
          </dd>
        </dl>
        {conflict ? (
          <div className="conflict error" role="alert" ref={conflictBox} tabIndex={-1}>
            <p className="error-title">
              {tr(t, "products.vulnerabilities.conflict", {
                vulnerability: current.vulnerability,
                by: conflict.updatedBy ?? "—",
                at: dateTime(i18n.language, conflict.updatedAt),
              })}
            </p>
          </div>
        ) : null}
        <p role="status" className="saved">
          {saved ? tr(t, "products.vulnerabilities.saved", { vulnerability: current.vulnerability }) : ""}
        </p>
        {canEdit ? (
          <details className="status-details">
            <summary>
              {t("products.vulnerabilities.edit")}
              {/* Each card's summary says which vulnerability it opens, for a list of summaries read aloud. */}
              <span className="visually-hidden"> {current.vulnerability}</span>
            </summary>
            {/* A new version resets the form to what is stored now. */}
            <StatusEditor key={current.version} item={item} send={send} />
          </details>
        ) : null}
      </article>
    </li>
  );
}

/**
 * The product's vulnerabilities as the API ranks them (open ones first, then by CVSS), each with the
 * advisories' words, the components matching found it in, KEV and EPSS when held, and our status.
 */
export function ProductVulnerabilityList({
  product,
  list,
  canEdit,
  componentName,
  onChanged,
}: {
  product: string;
  list: ProductVulnerabilities;
  canEdit: boolean;
  componentName(id: string): string;
  onChanged(): void;
}) {
  const { t, i18n } = useTranslation();
  const open = list.items.filter((item) => openStatuses.includes(item.vulnerability.status)).length;
  return (
    <section aria-labelledby="product-vulnerabilities" className="panel-section">
      <h2 id="product-vulnerabilities">
        {tr(t, "products.vulnerabilities.heading", { count: list.items.length })}
      </h2>
      <p className="muted small">{t("products.vulnerabilities.explain")}</p>
      <p className="muted small">
        {list.reference.kev
          ? tr(t, "vulnerabilities.list.kevReference", {
              version: list.reference.kev.version,
              date: dateOnly(i18n.language, list.reference.kev.importedAt),
            })
          : t("vulnerabilities.list.noKev")}
        {" ・ "}
        {list.reference.epss
          ? tr(t, "vulnerabilities.list.epssReference", {
              version: list.reference.epss.version,
              date: dateOnly(i18n.language, list.reference.epss.importedAt),
            })
          : t("vulnerabilities.list.noEpss")}
      </p>
      {list.items.length === 0 ? (
        <p className="muted">{t("products.vulnerabilities.empty")}</p>
      ) : (
        <>
          <p className="table-count">
            {tr(t, "products.vulnerabilities.open", { open, total: list.items.length })}
          </p>
          <ol className="product-vulnerabilities">
            {list.items.map((item) => (
              <VulnerabilityCard
                key={item.vulnerability.vulnerability}
                product={product}
                item={item}
                canEdit={canEdit}
                componentName={componentName}
                onChanged={onChanged}
              />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
