import type { EditableCollection } from "./entities";
import type { Step } from "./progress";

/** Where a link opens an item: `?open=assets:plc-01` (the pages' "missing" lists link this way). */
export function openLink(collection: EditableCollection, key: string): string {
  return `?${new URLSearchParams({ open: `${collection}:${key}` })}`;
}

/** Where each collection is edited, so a "missing" item links to the page that fixes it. */
const homeOf: Record<EditableCollection, Step[]> = {
  requirements: ["1-1"],
  departments: ["1-1"],
  organisations: ["1-1"],
  operations: ["1-2", "1-3"],
  assets: ["1-4", "1-5"],
  zones: ["1-6", "1-7", "2-1"],
  externals: ["1-6"],
  conduits: ["1-6"],
  countermeasures: ["2-2"],
  maintenanceWindows: ["2-2"],
};

export function itemLink(
  siteId: string,
  current: Step | undefined,
  collection: EditableCollection,
  id: string,
): string {
  const homes = homeOf[collection];
  const page = current && homes.includes(current) ? current : homes[0];
  return `/sites/${encodeURIComponent(siteId)}/step/${page}${openLink(collection, id)}`;
}
