import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { CollectionEditor, newLink } from "../../components/workspace/CollectionEditor";
import { useSitePermissions } from "../../components/workspace/permissions";
import { StepPage } from "../../components/workspace/StepPage";
import { useSiteData } from "../../components/workspace/site-data";
import { tr, vocabularyLabel } from "../../components/workspace/text";

const newCountermeasure = { status: "planned" };
const shownZones = 20;

/** Per zone, the catalogue countermeasures its level requires and the site has not planned yet. */
function Gaps() {
  const { t, i18n } = useTranslation();
  const { analysis, siteId } = useSiteData();
  const may = useSitePermissions(siteId);
  const report = analysis?.report;
  if (!report)
    return (
      <p className="badge" role="status">
        {t("workspace.findings.updating")}
      </p>
    );
  const zones = report.zones.filter((z) => z.gaps.length > 0);
  return (
    <section aria-labelledby="gaps">
      <h2 id="gaps">{tr(t, "workspace.gaps.title", { count: zones.length })}</h2>
      {zones.length === 0 ? <p className="muted">{t("workspace.gaps.none")}</p> : null}
      {zones.slice(0, shownZones).map((zone) => (
        <details key={zone.id} className="gap-zone">
          <summary>
            {zone.name} <code>{zone.id}</code> —{" "}
            {tr(t, "workspace.gaps.missing", { count: zone.gaps.length })}
          </summary>
          <ul>
            {zone.gaps.map((gap) => (
              <li key={gap.id}>
                <code>{gap.id}</code> ({vocabularyLabel("countermeasureAreas", gap.area, i18n.language)}){" "}
                {may("site:edit") ? (
                  <Link
                    to={newLink("countermeasures", {
                      id: `${gap.id.replace(/^cm\./, "")}.${zone.id.replace(/^zone\./, "")}`,
                      name: gap.id,
                      catalogue: gap.id,
                      area: gap.area,
                      appliesTo: [zone.id],
                      status: "planned",
                    })}
                  >
                    {t("workspace.gaps.plan")}
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        </details>
      ))}
      {zones.length > shownZones ? (
        <p className="muted">{tr(t, "workspace.progress.more", { count: zones.length - shownZones })}</p>
      ) : null}
    </section>
  );
}

/** Step 2-2: the countermeasures, where they apply and how far they are; what the zones still lack. */
export default function Step2_2() {
  return (
    <StepPage step="2-2">
      <Gaps />
      <CollectionEditor collection="countermeasures" initialNew={newCountermeasure} />
    </StepPage>
  );
}
