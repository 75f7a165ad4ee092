import { NotYetAvailable } from "../../components/NotYetAvailable";

/** Placeholder: replace with the real page. */
export default function Diagram() {
  return <NotYetAvailable title="diagram" />;
}
