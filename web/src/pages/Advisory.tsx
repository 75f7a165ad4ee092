import "../components/workspace/workspace.css";
import "../components/vulnerabilities/vulnerabilities.css";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { AdvisorySummary } from "../../../src/advisories/advisory";
import type { OsvRecord } from "../../../src/advisories/osv";
import { api, call } from "../api/client";
import { ErrorMessage, Loading } from "../components/Feedback";
import { productLink, seesProducts } from "../components/products/data";
import { Remediations, Scores } from "../components/vulnerabilities/AdvisoryFacts";
import { type AdvisoryDetail, useLoad, vulnerabilitiesLink } from "../components/vulnerabilities/data";
import { MatchStanding, MatchTable, productName } from "../components/vulnerabilities/parts";
import { dateOnly, dateTime } from "../components/vulnerabilities/text";
import { tr } from "../components/workspace/text";
import { useSignedIn } from "../session";
import { localText } from "../text";

function CsafBody({ summary }: { summary: AdvisorySummary }) {
  const { t, i18n } = useTranslation();
  const held = { format: "csaf" as const, summary };
  return (
    <>
      <section aria-labelledby="advisory-vulnerabilities" className="panel-section">
        <h2 id="advisory-vulnerabilities">
          {tr(t, "vulnerabilities.advisory.vulnerabilities", { count: summary.vulnerabilities.length })}
        </h2>
        {summary.vulnerabilities.map((v) => {
          const states = Object.entries(v.states);
          return (
            <article key={v.id} className="advisory-vulnerability">
              <h3>
                {v.id}
                {v.title ? <span className="muted"> — {v.title}</span> : null}
              </h3>
              {v.aliases.length > 0 ? (
                <p className="small">
                  {t("vulnerabilities.advisory.aliases")}: {v.aliases.join(", ")}
                </p>
              ) : null}
              {v.cwe ? (
                <p className="muted small">
                  {tr(t, "vulnerabilities.case.advisory.cwe", { id: v.cwe.id, name: v.cwe.name })}
                </p>
              ) : null}
              <h4>{t("vulnerabilities.case.advisory.scores")}</h4>
              <Scores
                scores={v.scores}
                productsOf={(s) => s.products.map((p) => productName(held, p)).join(", ")}
              />
              <h4>{t("vulnerabilities.case.advisory.remediations")}</h4>
              <Remediations remediations={v.remediations} />
              {v.threats.length > 0 ? (
                <>
                  <h4>{t("vulnerabilities.advisory.threats")}</h4>
                  <ul className="remediations">
                    {v.threats.map((threat, index) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: threats keep the advisory's order
                      <li key={index}>
                        <strong>{threat.category}</strong>
                        <p className="pre-line">{threat.details}</p>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              {states.length > 0 ? (
                <details>
                  <summary>{t("vulnerabilities.advisory.states")}</summary>
                  <ul className="small">
                    {states.map(([product, state]) => (
                      <li key={product}>
                        {productName(held, product)}: {tr(t, `vulnerabilities.productState.${state}`)}
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </article>
          );
        })}
      </section>
      <section aria-labelledby="advisory-products" className="panel-section">
        <h2 id="advisory-products">
          {tr(t, "vulnerabilities.advisory.products", { count: summary.products.length })}
        </h2>
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("vulnerabilities.advisory.productName")}</th>
                <th scope="col">{t("vulnerabilities.advisory.productVersion")}</th>
                <th scope="col">{t("vulnerabilities.advisory.identifiers")}</th>
              </tr>
            </thead>
            <tbody>
              {summary.products.map((p) => (
                <tr key={p.productId}>
                  <td>
                    {p.name}
                    <div className="muted small">{p.productId}</div>
                  </td>
                  <td>{p.range?.text ?? p.version ?? ""}</td>
                  <td className="small">
                    {[p.cpe, p.purl, ...p.modelNumbers, ...p.serialNumbers, ...p.skus]
                      .filter(Boolean)
                      .join(", ")}
                    {p.hashes.flatMap((file) =>
                      file.hashes.map((h) => (
                        <div key={`${file.filename} ${h.algorithm} ${h.value}`} className="break-all">
                          {file.filename} {h.algorithm}: <code>{h.value}</code>
                        </div>
                      )),
                    )}
                    {p.sbomUrls.map((url) => (
                      <div key={url} className="break-all">
                        SBOM:{" "}
                        {/^https?:\/\//i.test(url) ? (
                          <a href={url} target="_blank" rel="noopener noreferrer">
                            {url}
                          </a>
                        ) : (
                          url
                        )}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {summary.revisionHistory.length > 0 ? (
        <section aria-labelledby="advisory-history" className="panel-section">
          <h2 id="advisory-history">{t("vulnerabilities.advisory.revisions")}</h2>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("vulnerabilities.advisory.revisionNumber")}</th>
                <th scope="col">{t("vulnerabilities.advisory.revisionDate")}</th>
                <th scope="col">{t("vulnerabilities.advisory.revisionSummary")}</th>
              </tr>
            </thead>
            <tbody>
              {summary.revisionHistory.map((r) => (
                <tr key={`${r.number}|${r.date}`}>
                  <td>{r.number}</td>
                  <td>{dateOnly(i18n.language, r.date)}</td>
                  <td>{r.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {summary.references.length > 0 ? (
        <section aria-labelledby="advisory-references" className="panel-section">
          <h2 id="advisory-references">{t("vulnerabilities.advisory.references")}</h2>
          <ul>
            {summary.references.map((r) => (
              <li key={r.url}>
                <a href={r.url} target="_blank" rel="noreferrer noopener">
                  {r.summary || r.url}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function OsvBody({ record }: { record: OsvRecord }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <section aria-labelledby="osv-affected" className="panel-section">
        <h2 id="osv-affected">{t("vulnerabilities.advisory.osvAffected")}</h2>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("vulnerabilities.advisory.osvPackage")}</th>
              <th scope="col">{t("vulnerabilities.advisory.osvRanges")}</th>
            </tr>
          </thead>
          <tbody>
            {record.affected.map((a, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the record's own order
              <tr key={index}>
                <td>
                  {a.package ? `${a.package.ecosystem}: ${a.package.name}` : ""}
                  {a.package?.purl ? <div className="muted small">{a.package.purl}</div> : null}
                </td>
                <td className="small">
                  {a.ranges.map((range, r) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the record's own order
                    <div key={r}>
                      {range.type}: {range.events.map((e) => `${e.kind} ${e.version}`).join(", ")}
                    </div>
                  ))}
                  {a.versions.length > 0 ? <div>{a.versions.join(", ")}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {record.severity.length > 0 ? (
        <section aria-labelledby="osv-severity" className="panel-section">
          <h2 id="osv-severity">{t("vulnerabilities.advisory.osvSeverity")}</h2>
          <ul>
            {record.severity.map((s) => (
              <li key={`${s.type}|${s.score}`}>
                {s.type}: <code className="vector">{s.score}</code>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {record.references.length > 0 ? (
        <section aria-labelledby="osv-references" className="panel-section">
          <h2 id="osv-references">{t("vulnerabilities.advisory.references")}</h2>
          <ul>
            {record.references.map((r) => (
              <li key={r.url}>
                {r.type}:{" "}
                <a href={r.url} target="_blank" rel="noreferrer noopener">
                  {r.url}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p className="muted small">
        {record.published
          ? `${t("vulnerabilities.advisory.published")}: ${dateOnly(i18n.language, record.published)} ・ `
          : ""}
        {t("vulnerabilities.advisory.modified")}: {dateOnly(i18n.language, record.modified)}
      </p>
    </>
  );
}

/**
 * The IoT products the advisory matched (the product itself or a component), on the products the user may
 * read: the site's match table, with the product as the asset and the component in the product's words.
 */
function AffectedProducts({ matches }: { matches: AdvisoryDetail["productMatches"] }) {
  const { t, i18n } = useTranslation();
  const rows = matches.map((m) => ({ ...m, asset: m.iotProduct.id }));
  const names = new Map(matches.map((m) => [m.iotProduct.id, m.iotProduct.name]));
  const heading = t("vulnerabilities.advisory.affectedProducts");
  return (
    <section aria-labelledby="advisory-affected-products" className="panel-section">
      <h2 id="advisory-affected-products">{heading}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t("vulnerabilities.advisory.noAffectedProducts")}</p>
      ) : (
        <MatchTable
          site=""
          matches={rows}
          caption={heading}
          assetHeading={t("vulnerabilities.advisory.ourProduct")}
          assetLink={(_site, product) => productLink(product)}
          assetLabel={(_site, product) => (
            <>
              <span className="asset-name">{localText(names.get(product), i18n.language, product)}</span>{" "}
              <code>{product}</code>
            </>
          )}
          componentLabel={(match) => (
            <>
              {match.componentName
                ? `${match.componentName}${match.componentVersion ? ` ${match.componentVersion}` : ""} `
                : null}
              <code>{match.component}</code>
            </>
          )}
          action={(match) => (
            <>
              <MatchStanding match={match} />
              {!match.review && !match.certain && match.version !== "other-version" ? (
                <div>
                  <Link to={productLink(match.asset)}>{t("vulnerabilities.advisory.toProductInbox")}</Link>
                </div>
              ) : null}
            </>
          )}
        />
      )}
    </section>
  );
}

/**
 * One advisory: what Mamori read from it, the revisions held, and where it matched on the user's sites and
 * products.
 */
export default function Advisory() {
  const { t, i18n } = useTranslation();
  const { me, sites } = useSignedIn();
  const key = useParams().key ?? "";
  const load = useCallback(
    () =>
      call(api.GET("/api/advisories/{key}", { params: { path: { key } } })).then((result) =>
        result.ok ? { ok: true as const, data: result.data as AdvisoryDetail } : result,
      ),
    [key],
  );
  const { state, reload } = useLoad(load);
  const siteName = (id: string) => localText(sites.find((s) => s.id === id)?.name, i18n.language, id);

  if (state.phase === "loading") return <Loading />;
  if (state.phase === "failed")
    return (
      <section className="page vulnerabilities-ui" aria-labelledby="page-title">
        <h1 id="page-title">{key}</h1>
        {state.error.status === 404 ? (
          <p>{t("vulnerabilities.advisory.notFound")}</p>
        ) : (
          <ErrorMessage error={state.error} onRetry={reload} />
        )}
        <Link to="/advisories">{t("vulnerabilities.advisory.back")}</Link>
      </section>
    );
  const detail = state.data;
  const advisory = detail.advisory;
  const csaf = advisory.format === "csaf" ? advisory.summary : undefined;
  const osv = advisory.format === "osv" ? advisory.record : undefined;
  const title = csaf ? csaf.title || csaf.trackingId : (osv?.summary ?? osv?.id ?? key);

  return (
    <section className="page advisory-page vulnerabilities-ui" aria-labelledby="page-title">
      <p className="breadcrumb">
        <Link to="/advisories">{t("vulnerabilities.advisory.back")}</Link>
      </p>
      <h1 id="page-title">{title}</h1>
      <dl className="facts">
        <dt>{t("vulnerabilities.advisories.trackingId")}</dt>
        <dd>{csaf?.trackingId ?? osv?.id}</dd>
        <dt>{t("vulnerabilities.advisories.format")}</dt>
        <dd>{tr(t, `vulnerabilities.advisories.formats.${advisory.format}`)}</dd>
        {csaf ? (
          <>
            <dt>{t("vulnerabilities.advisories.publisher")}</dt>
            <dd>
              {csaf.publisher.name} <span className="muted small">{csaf.publisher.namespace}</span>
            </dd>
            <dt>{t("vulnerabilities.advisories.version")}</dt>
            <dd>
              {csaf.version} ({csaf.status})
            </dd>
            {csaf.initialReleaseDate ? (
              <>
                <dt>{t("vulnerabilities.advisory.initial")}</dt>
                <dd>{dateOnly(i18n.language, csaf.initialReleaseDate)}</dd>
              </>
            ) : null}
            {csaf.currentReleaseDate ? (
              <>
                <dt>{t("vulnerabilities.advisory.current")}</dt>
                <dd>{dateOnly(i18n.language, csaf.currentReleaseDate)}</dd>
              </>
            ) : null}
            {csaf.tlp ? (
              <>
                <dt>{t("vulnerabilities.advisory.tlp")}</dt>
                <dd>{csaf.tlp}</dd>
              </>
            ) : null}
          </>
        ) : null}
        {osv ? (
          <>
            {osv.aliases.length > 0 ? (
              <>
                <dt>{t("vulnerabilities.advisory.aliases")}</dt>
                <dd>{osv.aliases.join(", ")}</dd>
              </>
            ) : null}
            {osv.withdrawn ? (
              <>
                <dt>{t("vulnerabilities.advisory.status")}</dt>
                <dd>
                  {tr(t, "vulnerabilities.advisory.withdrawn", {
                    date: dateOnly(i18n.language, osv.withdrawn),
                  })}
                </dd>
              </>
            ) : null}
          </>
        ) : null}
        <dt>{t("vulnerabilities.advisory.key")}</dt>
        <dd>
          <code>{detail.key}</code>
        </dd>
      </dl>
      <p>
        <a className="button" href={`/api/advisories/${encodeURIComponent(detail.key)}/document`} download>
          {t("vulnerabilities.advisory.document")}
        </a>
      </p>
      <section aria-labelledby="advisory-affected" className="panel-section">
        <h2 id="advisory-affected">{t("vulnerabilities.advisory.affected")}</h2>
        {detail.matches.length === 0 ? (
          <p className="muted">{t("vulnerabilities.advisory.noAffected")}</p>
        ) : (
          <MatchTable
            site=""
            matches={detail.matches}
            caption={t("vulnerabilities.advisory.affected")}
            linkCases
            assetLabel={(site, asset) => (
              <>
                {siteName(site)}: <code>{asset}</code>
              </>
            )}
            action={(match) => (
              <>
                <MatchStanding match={match} />
                {!match.review && !match.certain && match.version !== "other-version" ? (
                  <div>
                    <Link to={vulnerabilitiesLink(match.site ?? "", "inbox")}>
                      {t("vulnerabilities.advisory.toInbox")}
                    </Link>
                  </div>
                ) : null}
              </>
            )}
          />
        )}
      </section>
      {detail.productMatches.length > 0 || seesProducts(me) ? (
        <AffectedProducts matches={detail.productMatches} />
      ) : null}
      {csaf ? <CsafBody summary={csaf} /> : null}
      {osv ? <OsvBody record={osv} /> : null}
      <section aria-labelledby="advisory-held" className="panel-section">
        <h2 id="advisory-held">{t("vulnerabilities.advisory.held")}</h2>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("vulnerabilities.advisories.version")}</th>
              <th scope="col">{t("vulnerabilities.advisories.released")}</th>
              <th scope="col">{t("vulnerabilities.advisory.importedAt")}</th>
              <th scope="col">{t("vulnerabilities.advisory.importedBy")}</th>
              <th scope="col">{t("vulnerabilities.advisory.source")}</th>
              <th scope="col">{t("vulnerabilities.advisory.revisionSummary")}</th>
            </tr>
          </thead>
          <tbody>
            {detail.revisions.map((r) => (
              <tr key={r.sha256}>
                <td>
                  <a
                    href={`/api/advisories/${encodeURIComponent(detail.key)}/document?revision=${r.sha256}`}
                    download
                  >
                    {r.version}
                  </a>
                </td>
                <td>{dateOnly(i18n.language, r.currentReleaseDate)}</td>
                <td>{dateTime(i18n.language, r.importedAt)}</td>
                <td>{r.importedBy ?? ""}</td>
                <td>{r.source}</td>
                <td>
                  {r.current ? t("vulnerabilities.advisory.isCurrent") : t("vulnerabilities.advisory.older")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}
