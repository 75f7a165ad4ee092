import type { EditableCollection } from "./entities";
import type { Step } from "./progress";

/** Where a link opens an item: `?open=assets:plc-01` (the pages' "missing" lists link this way). */
export function openLink(collection: EditableCollection, key: string): string {
  return `?${new URLSearchParams({ open: `${collection}:${key}` })}`;
}

/** A step page, or the vulnerability page (Step 3), whose maintenance windows tab edits the windows. */
type Home = Step | "vulnerabilities";

/** Where each collection is edited, so a "missing" item links to the page that fixes it. */
const homeOf: Record<EditableCollection, Home[]> = {
  requirements: ["1-1"],
  departments: ["1-1"],
  organisations: ["1-1"],
  operations: ["1-2", "1-3"],
  assets: ["1-4", "1-5"],
  zones: ["1-6", "1-7", "2-1"],
  externals: ["1-6"],
  conduits: ["1-6"],
  countermeasures: ["2-2"],
  maintenanceWindows: ["vulnerabilities"],
};

export function itemLink(
  siteId: string,
  current: Step | undefined,
  collection: EditableCollection,
  id: string,
): string {
  const homes = homeOf[collection];
  const page = current && homes.includes(current) ? current : homes[0];
  const path = page === "vulnerabilities" ? page : `step/${page}`;
  return `/sites/${encodeURIComponent(siteId)}/${path}${openLink(collection, id)}`;
}
