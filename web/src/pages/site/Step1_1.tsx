import { CollectionEditor } from "../../components/workspace/CollectionEditor";
import { StepPage } from "../../components/workspace/StepPage";

/** Step 1-1: requirements, and the departments and organisations they involve. */
export default function Step1_1() {
  return (
    <StepPage step="1-1">
      <CollectionEditor collection="requirements" />
      <CollectionEditor collection="departments" />
      <CollectionEditor collection="organisations" />
    </StepPage>
  );
}
