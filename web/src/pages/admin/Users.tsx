import { NotYetAvailable } from "../../components/NotYetAvailable";

/** Placeholder: replace with the real page. */
export default function Users() {
  return <NotYetAvailable title="users" />;
}
