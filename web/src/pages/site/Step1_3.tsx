import { CollectionEditor } from "../../components/workspace/CollectionEditor";
import { StepPage } from "../../components/workspace/StepPage";

/** Step 1-3: the importance of each operation, with its reasons. */
export default function Step1_3() {
  return (
    <StepPage step="1-3">
      <CollectionEditor collection="operations" />
    </StepPage>
  );
}
