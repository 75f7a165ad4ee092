import { NotYetAvailable } from "../../components/NotYetAvailable";

/** Placeholder: replace with the real page. */
export default function Overview() {
  return <NotYetAvailable title="overview" />;
}
