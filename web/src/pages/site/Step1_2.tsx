import { CollectionEditor } from "../../components/workspace/CollectionEditor";
import { StepPage } from "../../components/workspace/StepPage";

/** Step 1-2: the business operations of the site, and who is responsible for them. */
export default function Step1_2() {
  return (
    <StepPage step="1-2">
      <CollectionEditor collection="operations" />
      <CollectionEditor collection="organisations" />
    </StepPage>
  );
}
