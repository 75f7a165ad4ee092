import { CollectionEditor } from "../../components/workspace/CollectionEditor";
import { StepPage } from "../../components/workspace/StepPage";

/** Step 1-5: which operations each asset serves, and so its importance. */
export default function Step1_5() {
  return (
    <StepPage step="1-5">
      <CollectionEditor collection="assets" />
    </StepPage>
  );
}
