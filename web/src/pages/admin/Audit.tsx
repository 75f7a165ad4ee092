import { NotYetAvailable } from "../../components/NotYetAvailable";

/** Placeholder: replace with the real page. */
export default function Audit() {
  return <NotYetAvailable title="audit" />;
}
