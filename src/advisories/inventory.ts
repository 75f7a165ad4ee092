import type { Site } from "../model/site.js";
import type { InventoryItem } from "./match.js";

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
    ...(asset.skus ? { skus: asset.skus } : {}),
    // The asset's SBOM given as a URL names the SBOM an advisory may list for the product.
    ...(asset.sbom && /^https?:\/\//i.test(asset.sbom) ? { sbomUrls: [asset.sbom] } : {}),
  }));
}
