import { NotYetAvailable } from "../../components/NotYetAvailable";

/** Placeholder: replace with the real page. */
export default function Step2_1() {
  return <NotYetAvailable title="step2_1" />;
}
