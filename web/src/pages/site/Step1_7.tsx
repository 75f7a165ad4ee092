import { NotYetAvailable } from "../../components/NotYetAvailable";

/** Placeholder: replace with the real page. */
export default function Step1_7() {
  return <NotYetAvailable title="step1_7" />;
}
