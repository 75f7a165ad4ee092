import { CollectionEditor } from "../../components/workspace/CollectionEditor";
import { StepPage } from "../../components/workspace/StepPage";

/** Step 2-2: the countermeasures, where they apply and how far they are. */
export default function Step2_2() {
  return (
    <StepPage step="2-2">
      <CollectionEditor collection="countermeasures" initialNew={{ status: "planned" }} />
    </StepPage>
  );
}
