import { type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type ApiError, api, call } from "../../api/client";
import { useSiteData } from "../workspace/site-data";
import { tr } from "../workspace/text";
import {
  type AdvisoryDetail,
  advisoryLink,
  type Band,
  caseLink,
  type HeldAdvisory,
  type Match,
  type Stage,
  type Status,
  vulnerabilitiesLink,
} from "./data";
import { dateTime, local, reasonText } from "./text";

/** Small pieces every vulnerability page shows the same way. */

/** Who approved an accepted risk: the name shown then, with the username it was signed in as. */
export function approverLabel(decision: { approvedBy?: string; approverName?: string }): string {
  if (!decision.approvedBy) return "";
  return decision.approverName && decision.approverName !== decision.approvedBy
    ? `${decision.approverName} (${decision.approvedBy})`
    : decision.approvedBy;
}

export function StageBadge({ stage }: { stage: Stage }) {
  const { t } = useTranslation();
  return <span className={`stage stage-${stage}`}>{tr(t, `vulnerabilities.stage.${stage}`)}</span>;
}

export function StatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation();
  return <span className={`vex-status vex-${status}`}>{tr(t, `vulnerabilities.status.${status}`)}</span>;
}

export function BandBadge({ band, score }: { band: Band; score?: number }) {
  const { t } = useTranslation();
  return (
    <span className={`sev sev-${band}`}>
      {tr(t, `vulnerabilities.band.${band}`)}
      {score !== undefined ? (
        <span className="score"> {tr(t, "vulnerabilities.list.score", { score })}</span>
      ) : null}
    </span>
  );
}

/** An advisory key (`namespace#tracking-id`, `osv:ID`) shortened to what people call it. */
export function advisoryShortName(key: string): string {
  const hash = key.lastIndexOf("#");
  if (hash >= 0) return key.slice(hash + 1);
  return key.startsWith("osv:") ? key.slice(4) : key;
}

const advisoryCache = new Map<string, Promise<AdvisoryDetail | undefined>>();

/** Forgets what was read of an advisory (after a new revision was imported). */
export function forgetAdvisories(): void {
  advisoryCache.clear();
}

function loadAdvisory(key: string): Promise<AdvisoryDetail | undefined> {
  let held = advisoryCache.get(key);
  if (!held) {
    held = call(api.GET("/api/advisories/{key}", { params: { path: { key } } })).then((result) =>
      result.ok ? (result.data as AdvisoryDetail) : undefined,
    );
    advisoryCache.set(key, held);
  }
  return held;
}

/**
 * The advisories behind some matches, read once per page load and shared: a match names its advisory by
 * key and its product by the advisory's product id, which only the advisory turns into words.
 */
export function useAdvisories(keys: readonly string[]): Map<string, AdvisoryDetail> {
  const [held, setHeld] = useState(() => new Map<string, AdvisoryDetail>());
  const wanted = [...new Set(keys)].sort().join("\n");
  useEffect(() => {
    let alive = true;
    const list = wanted ? wanted.split("\n") : [];
    void Promise.all(list.map((key) => loadAdvisory(key).then((detail) => [key, detail] as const))).then(
      (pairs) => {
        if (!alive) return;
        const next = new Map<string, AdvisoryDetail>();
        for (const [key, detail] of pairs) if (detail) next.set(key, detail);
        setHeld(next);
      },
    );
    return () => {
      alive = false;
    };
  }, [wanted]);
  return held;
}

export function advisoryTitle(advisory: HeldAdvisory | undefined, key: string): string {
  if (!advisory) return advisoryShortName(key);
  return advisory.format === "csaf"
    ? advisory.summary.title || advisory.summary.trackingId
    : advisory.record.summary || advisory.record.id;
}

/** The words for a matched product: the CSAF product's full name, or OSV's `ecosystem:name` as it is. */
export function productName(advisory: HeldAdvisory | undefined, product: string): string {
  if (advisory?.format !== "csaf") return product;
  return advisory.summary.products.find((p) => p.productId === product)?.name ?? product;
}

/** An asset's name from the site model, with its id. */
export function AssetLabel({ id }: { id: string }) {
  const { i18n } = useTranslation();
  const { site } = useSiteData();
  const asset = site?.assets?.find((a) => a.id === id);
  const name = asset ? local(asset.name, i18n.language, id) : id;
  return (
    <>
      {name === id ? null : <span className="asset-name">{name}</span>} <code>{id}</code>
    </>
  );
}

/** An asset's name in the reader's language from a site model (the workspace's or the results pages'), or its id. */
export function assetName(
  site: { assets?: readonly { id: string; name?: unknown }[] } | undefined,
  id: string,
  language: string,
) {
  const asset = site?.assets?.find((a) => a.id === id);
  return asset ? local(asset.name, language, id) : id;
}

export function MatchReasons({ reasons }: { reasons: Match["reasons"] }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="reasons">
      {reasons.map((reason, index) => (
        // Reasons are a list of sentences in the order matching found them; the same code may repeat.
        // biome-ignore lint/suspicious/noArrayIndexKey: the order is the identity
        <li key={index}>{reasonText(t, i18n, reason)}</li>
      ))}
    </ul>
  );
}

/** The verdict people gave, or whether the match counts without one. */
export function MatchStanding({ match }: { match: Match }) {
  const { t, i18n } = useTranslation();
  if (match.review)
    return (
      <span>
        {tr(t, "vulnerabilities.match.reviewedBy", {
          decision: tr(t, `vulnerabilities.match.${match.review.decision}`),
          by: match.review.decidedBy ?? "—",
          at: dateTime(i18n.language, match.review.decidedAt),
        })}
        {match.review.note ? <span className="muted"> — {match.review.note}</span> : null}
      </span>
    );
  if (!match.active) return <span className="muted">{t("vulnerabilities.match.inactive")}</span>;
  return (
    <span>{match.certain ? t("vulnerabilities.match.certain") : t("vulnerabilities.match.uncertain")}</span>
  );
}

/**
 * Matches as a table: which asset (or SBOM component) met which advisory product, how sure matching is,
 * what it made of the version and why, in sentences. `action` renders a last column (the inbox's verdict).
 * An IoT product's matches use it too, with the product as the asset (`assetHeading`, `assetLink`,
 * `componentLabel` say so).
 */
export function MatchTable<M extends Match & { site?: string }>({
  site,
  matches,
  caption,
  action,
  showAsset = true,
  linkCases = false,
  assetLabel = (_site, asset) => <AssetLabel id={asset} />,
  assetHeading,
  assetLink = (matchSite, asset) => vulnerabilitiesLink(matchSite, "list", asset),
  componentLabel = (match) => match.component,
}: {
  site: string;
  matches: readonly M[];
  caption: string;
  action?: (match: M) => ReactNode;
  showAsset?: boolean;
  /** Link each vulnerability to its case (when the match counts). */
  linkCases?: boolean;
  /** How an asset is named (by default from the site model of the page). */
  assetLabel?: (site: string, asset: string) => ReactNode;
  /** The asset column's heading (by default "Asset"). */
  assetHeading?: string;
  /** Where an asset's name leads (by default the site's vulnerabilities of the asset). */
  assetLink?: (site: string, asset: string) => string;
  /** How a component is named (by default its SBOM ref). */
  componentLabel?: (match: M) => ReactNode;
}) {
  const { t } = useTranslation();
  const advisories = useAdvisories(matches.map((m) => m.advisory));
  return (
    <div className="table-scroll">
      <table className="data-table match-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {showAsset ? <th scope="col">{assetHeading ?? t("vulnerabilities.match.asset")}</th> : null}
            <th scope="col">{t("vulnerabilities.match.advisoryProduct")}</th>
            <th scope="col">{t("vulnerabilities.match.judgement")}</th>
            <th scope="col">{t("vulnerabilities.match.reasons")}</th>
            <th scope="col">{t("vulnerabilities.match.vulnerabilities")}</th>
            <th scope="col">{t("vulnerabilities.match.review")}</th>
          </tr>
        </thead>
        <tbody>
          {matches.map((match) => {
            const advisory = advisories.get(match.advisory)?.advisory;
            const matchSite = match.site ?? site;
            return (
              <tr key={`${matchSite}|${match.asset}|${match.component}|${match.advisory}|${match.product}`}>
                {showAsset ? (
                  <td className="asset-cell">
                    <Link to={assetLink(matchSite, match.asset)}>{assetLabel(matchSite, match.asset)}</Link>
                    {match.component ? (
                      <div className="muted small">
                        {t("vulnerabilities.match.component")}: {componentLabel(match)}
                      </div>
                    ) : null}
                  </td>
                ) : null}
                <td>
                  <Link to={advisoryLink(match.advisory)}>{advisoryTitle(advisory, match.advisory)}</Link>
                  <div className="muted small">
                    {advisoryShortName(match.advisory)} ({match.advisoryVersion})
                  </div>
                  <div className="product">
                    {t("vulnerabilities.match.product")}: {productName(advisory, match.product)}
                  </div>
                  {!showAsset && match.component ? (
                    <div className="muted small">
                      {t("vulnerabilities.match.component")}: {componentLabel(match)}
                    </div>
                  ) : null}
                </td>
                <td className="judgement">
                  <div>{tr(t, `vulnerabilities.confidence.${match.confidence}`)}</div>
                  <div className={`verdict verdict-${match.version}`}>
                    {t("vulnerabilities.match.version")}: {tr(t, `vulnerabilities.verdict.${match.version}`)}
                  </div>
                </td>
                <td>
                  <MatchReasons reasons={match.reasons} />
                </td>
                <td className="ids">
                  <ul className="plain">
                    {match.vulnerabilities.map((v) => (
                      <li key={v.id}>
                        {linkCases && match.active ? (
                          <Link to={caseLink(matchSite, match.asset, v.id)}>{v.id}</Link>
                        ) : (
                          v.id
                        )}{" "}
                        <span className="muted small">
                          ({tr(t, `vulnerabilities.productState.${v.state}`)})
                        </span>
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{action ? action(match) : <MatchStanding match={match} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * What the server refused in an uploaded document, each problem located by its JSON pointer (or line), so
 * the person can find it in the file.
 */
export function LocatedProblems({ title, error }: { title: string; error: ApiError }) {
  const { t } = useTranslation();
  return (
    <div className="error" role="alert">
      <p className="error-title">{title}</p>
      <p>{error.status === 0 ? t("errors.network") : error.detail || error.title}</p>
      {error.problems.length > 0 ? (
        <ul className="located">
          {error.problems.map((problem, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: problems come in the document's order
            <li key={index}>
              {problem.pointer ? <code>{problem.pointer}</code> : null} {problem.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
