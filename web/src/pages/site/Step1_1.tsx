import { NotYetAvailable } from "../../components/NotYetAvailable";

/** Placeholder: replace with the real page. */
export default function Step1_1() {
  return <NotYetAvailable title="step1_1" />;
}
