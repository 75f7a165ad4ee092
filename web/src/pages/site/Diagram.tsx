import "../../components/results/results.css";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { ErrorMessage, Loading } from "../../components/Feedback";
import { DiagramView, diagramLists } from "../../components/results/DiagramView";
import {
  hasLists,
  useAnalysis,
  useLayout,
  useSiteModel,
  useSitePermissions,
} from "../../components/results/data";
import { FreshnessNote } from "../../components/results/Freshness";
import { preloadLayout } from "../../components/results/layout";

preloadLayout();

/** The zone/conduit diagram with attack-path, finding and gap overlays. */
export default function Diagram() {
  const { t, i18n } = useTranslation();
  const site = useParams().siteId ?? "";
  const permissions = useSitePermissions(site);
  const model = useSiteModel(site);
  const analysis = useAnalysis(site, i18n.language, diagramLists);
  const layout = useLayout(site);
  const failed =
    (model.state.phase === "failed" && model.state.error) ||
    (layout.state.phase === "failed" && layout.state.error) ||
    (analysis.state.phase === "failed" && analysis.state.error);
  return (
    <section className="page results-page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title">{t("nav.diagram")}</h1>
        {analysis.state.phase === "ready" ? <FreshnessNote state={analysis.state.data} /> : null}
      </div>
      {failed ? (
        <ErrorMessage error={failed} />
      ) : model.state.phase === "ready" && layout.state.phase === "ready" ? (
        <DiagramView
          site={site}
          model={model.state.data}
          report={
            analysis.state.phase === "ready" && hasLists(analysis.state.data.report, diagramLists)
              ? analysis.state.data.report
              : null
          }
          layout={layout.state.data}
          saveLayout={layout.save}
          layoutError={layout.saveError}
          canEdit={permissions.has("site:edit")}
          onChanged={() => {
            model.reload();
            analysis.reload();
          }}
        />
      ) : (
        <Loading />
      )}
    </section>
  );
}
