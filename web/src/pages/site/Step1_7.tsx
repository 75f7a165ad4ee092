import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { CollectionEditor, openLink } from "../../components/workspace/CollectionEditor";
import { StepPage } from "../../components/workspace/StepPage";
import { useSiteData } from "../../components/workspace/site-data";
import { tr } from "../../components/workspace/text";

const levelRules = new Set(["zone-without-security-level", "security-level-below-importance"]);
const shown = 50;

/** The analysis's view of each zone: importance, recommended level, the level the site set. */
function Recommendations() {
  const { t } = useTranslation();
  const { analysis } = useSiteData();
  const report = analysis?.report;
  if (!report)
    return (
      <p className="badge" role="status">
        {t("workspace.findings.updating")}
      </p>
    );
  const label = (scale: string, key: string) =>
    report.scales[scale]?.find((l) => l.key === key)?.label ?? (key || "—");
  const zones = [...report.zones].sort(
    (a, b) => Number(Boolean(a.targetLevel)) - Number(Boolean(b.targetLevel)),
  );
  return (
    <section aria-labelledby="recommendations">
      <h2 id="recommendations">{t("workspace.levels.title")}</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("workspace.field.id")}</th>
              <th scope="col">{t("workspace.field.name")}</th>
              <th scope="col">{t("workspace.field.importance")}</th>
              <th scope="col">{t("workspace.levels.recommended")}</th>
              <th scope="col">{t("workspace.levels.target")}</th>
            </tr>
          </thead>
          <tbody>
            {zones.slice(0, shown).map((zone) => (
              <tr key={zone.id}>
                <th scope="row">
                  <Link to={openLink("zones", zone.id)}>{zone.id}</Link>
                </th>
                <td>{zone.name}</td>
                <td>{label("importance", zone.importance)}</td>
                <td title={zone.recommendedLevelWhy.map((w) => w.text).join(" ")}>
                  {label("securityLevel", zone.recommendedLevel)}
                </td>
                <td>{label("securityLevel", zone.targetLevel)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {zones.length > shown ? (
        <p className="muted">{tr(t, "workspace.progress.more", { count: zones.length - shown })}</p>
      ) : null}
    </section>
  );
}

/** Step 1-7: each zone's security requirement level. */
export default function Step1_7() {
  return (
    <StepPage step="1-7" findings={(f) => levelRules.has(f.rule)}>
      <Recommendations />
      <CollectionEditor collection="zones" />
    </StepPage>
  );
}
