import { NotYetAvailable } from "../../components/NotYetAvailable";

/** Placeholder: replace with the real page. */
export default function Step2_2() {
  return <NotYetAvailable title="step2_2" />;
}
