import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../../api/client";
import { ReviewControls } from "../vulnerabilities/Inbox";
import { advisoryShortName, MatchTable } from "../vulnerabilities/parts";
import { tr } from "../workspace/text";
import type { ProductMatch } from "./data";

function matchKey(match: ProductMatch): string {
  return `${match.component}|${match.advisory}|${match.product}`;
}

/**
 * The product's uncertain matches waiting for a person, with matching's reasons in sentences (the site
 * inbox's table): confirming one opens its vulnerabilities under investigation, rejecting is remembered for
 * later revisions of the advisory.
 */
export function ProductInbox({
  product,
  review,
  canEdit,
  componentName,
  onChanged,
}: {
  product: string;
  review: ProductMatch[];
  canEdit: boolean;
  /** A component id ('' = the product itself) in words. */
  componentName(id: string): string;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<string>();
  const [done, setDone] = useState<Set<string>>(() => new Set());
  const waiting = review.filter((m) => !done.has(matchKey(m)));
  // The table is the site's: its `asset` is the product here (the asset column is not shown).
  const rows = waiting.map((m) => ({ ...m, asset: product }));
  const heading = tr(t, "vulnerabilities.inbox.review", { count: waiting.length });
  return (
    <section aria-labelledby="product-inbox" className="inbox-section">
      <h2 id="product-inbox">{heading}</h2>
      <p className="muted">{t("products.inbox.explain")}</p>
      <p role="status" className="saved">
        {outcome ?? ""}
      </p>
      {waiting.length === 0 ? (
        <p className="muted">{t("vulnerabilities.inbox.noReview")}</p>
      ) : (
        <MatchTable
          site=""
          matches={rows}
          caption={heading}
          showAsset={false}
          action={
            canEdit
              ? (match) => (
                  <ReviewControls
                    label={tr(t, "products.inbox.noteFor", {
                      component: componentName(match.component),
                      advisory: advisoryShortName(match.advisory),
                      product: match.product,
                    })}
                    review={(decision, note) =>
                      call(
                        api.POST("/api/products/{product}/matches/review", {
                          params: { path: { product } },
                          body: {
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
                          ? tr(t, "products.inbox.confirmedOpened", { count: opened })
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
  );
}
