import { CollectionEditor } from "../../components/workspace/CollectionEditor";
import { StepPage } from "../../components/workspace/StepPage";

const kinds = new Set(["zone", "conduit", "external", "path"]);

/** Step 1-6: zones, the outside parties and the conduits between them; the findings they raise. */
export default function Step1_6() {
  return (
    <StepPage step="1-6" findings={(f) => kinds.has(f.subject.kind)}>
      <CollectionEditor collection="zones" />
      <CollectionEditor collection="externals" />
      <CollectionEditor collection="conduits" />
    </StepPage>
  );
}
