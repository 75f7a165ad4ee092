import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Loading } from "../../components/Feedback";
import { CollectionEditor } from "../../components/workspace/CollectionEditor";
import { useSitePermissions } from "../../components/workspace/permissions";
import { StepPage } from "../../components/workspace/StepPage";
import { useSiteData } from "../../components/workspace/site-data";

const AssetImport = lazy(() =>
  import("../../components/workspace/AssetImport").then((m) => ({ default: m.AssetImport })),
);

function Inventory() {
  const { t } = useTranslation();
  const { siteId } = useSiteData();
  const may = useSitePermissions(siteId);
  const [importing, setImporting] = useState(false);
  const [imported, setImported] = useState(0);
  return (
    <>
      <div className="inventory-tools">
        {may("site:export") ? (
          <a className="button" href={`/api/sites/${encodeURIComponent(siteId)}/asset-export`} download>
            {t("workspace.import.export")}
          </a>
        ) : null}
        {may("site:edit") ? (
          <button type="button" aria-expanded={importing} onClick={() => setImporting(!importing)}>
            {t("workspace.import.open")}
          </button>
        ) : null}
      </div>
      {importing ? (
        <Suspense fallback={<Loading />}>
          <AssetImport onImported={() => setImported((n) => n + 1)} />
        </Suspense>
      ) : null}
      <CollectionEditor key={imported} collection="assets" />
    </>
  );
}

/** Step 1-4: the assets to protect — the inventory, edited here or imported from a sheet. */
export default function Step1_4() {
  return (
    <StepPage step="1-4">
      <Inventory />
    </StepPage>
  );
}
