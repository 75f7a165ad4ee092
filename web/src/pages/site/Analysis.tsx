import { NotYetAvailable } from "../../components/NotYetAvailable";

/** Placeholder: replace with the real page. */
export default function Analysis() {
  return <NotYetAvailable title="analysis" />;
}
