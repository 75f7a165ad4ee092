import type { Site } from "../model/site.js";
import type { InventoryItem } from "./match.js";
import { flattenComponents, type Sbom, type SbomComponent } from "./sbom.js";

/** The site's assets as matching sees them: identifiers and the installed version (firmware first). */
export function inventoryOf(site: Site): InventoryItem[] {
  return (site.assets ?? []).map((asset) => ({
    id: asset.id,
    ...(asset.vendor ? { vendor: asset.vendor } : {}),
    ...(asset.product ? { product: asset.product } : {}),
    ...(asset.model ? { model: asset.model } : {}),
    ...((asset.firmwareVersion ?? asset.softwareVersion)
      ? { version: asset.firmwareVersion ?? asset.softwareVersion }
      : {}),
    ...(asset.cpe ? { cpe: asset.cpe } : {}),
    ...(asset.purl ? { purl: asset.purl } : {}),
    ...(asset.serialNumbers ? { serialNumbers: asset.serialNumbers } : {}),
  }));
}

/**
 * An SBOM's components (metadata component first, children depth first) as matching items, each with the
 * id `idOf` gives its ref: supplier as vendor, group and name as product, version, CPE and purl. Used for
 * the SBOMs of a site's assets and of a product alike.
 */
export function componentItems(
  sbom: Sbom,
  idOf: (ref: string) => string,
): { component: SbomComponent; item: InventoryItem }[] {
  return flattenComponents(sbom)
    .filter((component) => component.purl || component.cpe || component.name)
    .map((component) => ({
      component,
      item: {
        id: idOf(component.ref),
        ...(component.supplier ? { vendor: component.supplier } : {}),
        product: component.group ? `${component.group} ${component.name}` : component.name,
        ...(component.version ? { version: component.version } : {}),
        ...(component.cpe ? { cpe: component.cpe } : {}),
        ...(component.purl ? { purl: component.purl } : {}),
      },
    }));
}
