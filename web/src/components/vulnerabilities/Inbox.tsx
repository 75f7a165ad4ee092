import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type ApiError, api, call, type Result } from "../../api/client";
import { ErrorMessage } from "../Feedback";
import { tr } from "../workspace/text";
import { type Case, caseLink, type Match } from "./data";
import { AssetLabel, advisoryShortName, MatchTable, StatusBadge } from "./parts";
import { dateTime, sourceText } from "./text";

export type Verdict = "confirmed" | "rejected";

function matchKey(match: Match): string {
  return `${match.asset}|${match.component}|${match.advisory}|${match.product}`;
}

/**
 * A person's verdict on one uncertain match: a note and the two buttons. `review` sends it where the match
 * belongs (a site's or a product's matches); `label` names the note for assistive technology.
 */
export function ReviewControls({
  label,
  review,
  onReviewed,
}: {
  label: string;
  review(decision: Verdict, note: string): Promise<Result<{ opened: number }>>;
  onReviewed(verdict: Verdict, opened: number): void;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const send = async (decision: Verdict) => {
    setBusy(true);
    const result = await review(decision, note.trim());
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(undefined);
    onReviewed(decision, result.data.opened);
  };
  return (
    <div className="review-controls">
      <label>
        <span className="visually-hidden">{label}</span>
        <input
          type="text"
          value={note}
          maxLength={4000}
          placeholder={t("vulnerabilities.inbox.note")}
          onChange={(event) => setNote(event.target.value)}
        />
      </label>
      <div className="form-actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void send("confirmed")}>
          {t("vulnerabilities.inbox.confirm")}
        </button>
        <button type="button" disabled={busy} onClick={() => void send("rejected")}>
          {t("vulnerabilities.inbox.reject")}
        </button>
      </div>
      {error ? <ErrorMessage error={error} /> : null}
    </div>
  );
}

/**
 * The inbox: uncertain matches waiting for a person (confirm opens their cases, reject is remembered for
 * later revisions of the advisory), and the cases that are new, still in Observe.
 */
export function Inbox({
  site,
  review,
  observe,
  canTreat,
  onChanged,
}: {
  site: string;
  review: Match[];
  observe: Case[];
  canTreat: boolean;
  onChanged(): void;
}) {
  const { t, i18n } = useTranslation();
  const [outcome, setOutcome] = useState<string>();
  const [done, setDone] = useState<Set<string>>(() => new Set());
  const waiting = review.filter((m) => !done.has(matchKey(m)));
  return (
    <>
      <section aria-labelledby="inbox-review" className="inbox-section">
        <h2 id="inbox-review">{tr(t, "vulnerabilities.inbox.review", { count: waiting.length })}</h2>
        <p className="muted">{t("vulnerabilities.inbox.reviewExplain")}</p>
        <p role="status" className="saved">
          {outcome ?? ""}
        </p>
        {waiting.length === 0 ? (
          <p className="muted">{t("vulnerabilities.inbox.noReview")}</p>
        ) : (
          <MatchTable
            site={site}
            matches={waiting}
            caption={tr(t, "vulnerabilities.inbox.review", { count: waiting.length })}
            action={
              canTreat
                ? (match) => (
                    <ReviewControls
                      label={tr(t, "vulnerabilities.inbox.noteFor", {
                        asset: match.asset,
                        advisory: advisoryShortName(match.advisory),
                        product: match.product,
                      })}
                      review={(decision, note) =>
                        call(
                          api.POST("/api/sites/{site}/matches/review", {
                            params: { path: { site } },
                            body: {
                              asset: match.asset,
                              component: match.component,
                              advisory: match.advisory,
                              product: match.product,
                              decision,
                              note,
                            },
                          }),
                        )
                      }
                      onReviewed={(verdict, opened) => {
                        setDone((previous) => new Set(previous).add(matchKey(match)));
                        setOutcome(
                          verdict === "confirmed"
                            ? tr(t, "vulnerabilities.inbox.confirmedOpened", { count: opened })
                            : t("vulnerabilities.inbox.rejectedDone"),
                        );
                        onChanged();
                      }}
                    />
                  )
                : undefined
            }
          />
        )}
      </section>
      <section aria-labelledby="inbox-observe" className="inbox-section">
        <h2 id="inbox-observe">
          {tr(t, "vulnerabilities.inbox.newCases", {
            stage: t("vulnerabilities.stage.observe"),
            count: observe.length,
          })}
        </h2>
        <p className="muted">{t("vulnerabilities.inbox.newCasesExplain")}</p>
        {observe.length === 0 ? (
          <p className="muted">{t("vulnerabilities.inbox.noNewCases")}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">
                {tr(t, "vulnerabilities.inbox.newCases", {
                  stage: t("vulnerabilities.stage.observe"),
                  count: observe.length,
                })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("vulnerabilities.list.vulnerability")}</th>
                  <th scope="col">{t("vulnerabilities.list.asset")}</th>
                  <th scope="col">{t("vulnerabilities.case.field.status")}</th>
                  <th scope="col">{t("vulnerabilities.case.field.source")}</th>
                </tr>
              </thead>
              <tbody>
                {observe.map((c) => (
                  <tr key={`${c.asset}|${c.vulnerability}`}>
                    <th scope="row">
                      <Link
                        to={caseLink(site, c.asset, c.vulnerability)}
                        aria-label={tr(t, "vulnerabilities.list.open_case", {
                          vulnerability: c.vulnerability,
                          asset: c.asset,
                        })}
                      >
                        {c.vulnerability}
                      </Link>
                    </th>
                    <td>
                      <AssetLabel id={c.asset} />
                    </td>
                    <td>
                      <StatusBadge status={c.status} />
                    </td>
                    <td className="small">
                      {tr(t, "vulnerabilities.case.openedAt", { date: dateTime(i18n.language, c.openedAt) })}
                      <div className="muted">{sourceText(t, c.source)}</div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
