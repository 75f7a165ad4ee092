import { z } from "@hono/zod-openapi";
import { productJustificationKeys, vulnerabilityStates } from "../../advisories/vex.js";
import type { Services } from "../../server/services.js";
import { productStatusSources } from "../../store/product-vulnerabilities.js";
import type { ApiApp } from "../routing.js";
import { etag, ifMatch, requirePrincipal, route } from "../routing.js";
import {
  advisoryFacts,
  HeldSbom,
  ProductMatchView,
  ReferenceVersions,
  reviewFields,
  sbomBody,
  sbomImported,
  sbomOf,
  sendVex,
  statusChangeWith,
  vexQuery,
  vexResponses,
} from "./vulnerabilities.js";

/**
 * Vulnerability information for an IoT product (the manufacturer's PSIRT work, 対策6): its SBOM, what
 * matching found in it and its components, the reviews of uncertain matches, the manufacturer's status of
 * each vulnerability, and that status as VEX for customers. The site's routes, for a product.
 */
const productParam = z.object({ product: z.string().min(1).max(100) });
const statusParam = productParam.extend({ vulnerability: z.string().min(1).max(300) });

const ProductVulnerabilityView = z
  .object({
    product: z.string(),
    vulnerability: z.string(),
    status: z.enum(vulnerabilityStates),
    justification: z.string().nullable(),
    statusDetail: z.string().nullable(),
    source: z.enum(productStatusSources),
    version: z.number().int(),
    firstSeen: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string().nullable(),
  })
  .openapi("ProductVulnerability");

const ProductVulnerabilityChange = z
  .object(statusChangeWith(productJustificationKeys))
  .strict()
  .openapi("ProductVulnerabilityChange");

/** Matching as a job (deduplicated per product), the worker told at once. */
export async function matchLater(services: Services, productId: string) {
  await services.productVulnerabilities.requestMatch(productId);
  services.worker.nudge();
}

/** Without the asset, which for a product's match is the product itself (in the path). */
const withoutAsset = <M extends { asset: string }>({ asset: _product, ...rest }: M) => rest;

export function productVulnerabilityRoutes(app: ApiApp) {
  app.openapi(
    route("product:read", {
      method: "get",
      path: "/api/products/{product}/sbom",
      tags: ["sboms"],
      summary: "The product's SBOM as Mamori's component tree",
      request: { params: productParam },
      responses: {
        200: {
          description: "The SBOM",
          content: { "application/json": { schema: HeldSbom } },
        },
      },
    }),
    async (c) => {
      const { product } = c.req.valid("param");
      const { products, productVulnerabilities } = c.get("services");
      await products.get(product);
      return c.json((await productVulnerabilities.sbom(product)) as never, 200);
    },
  );

  app.openapi(
    route("product:edit", {
      method: "put",
      path: "/api/products/{product}/sbom",
      tags: ["sboms"],
      summary:
        "Import the product's SBOM (CycloneDX 1.4–1.6 JSON or XML, SPDX 2.3 JSON or tag-value; detected by content), replacing the previous one; the product is matched again",
      request: { params: productParam, body: sbomBody },
      responses: sbomImported("product"),
    }),
    async (c) => {
      const { product } = c.req.valid("param");
      const text = await c.req.text();
      const sbom = sbomOf(text);
      const services = c.get("services");
      const stored = await services.productVulnerabilities.putSbom(product, sbom, text, requirePrincipal(c));
      await matchLater(services, product);
      return c.json(stored, 200);
    },
  );

  app.openapi(
    route("product:edit", {
      method: "delete",
      path: "/api/products/{product}/sbom",
      tags: ["sboms"],
      summary: "Remove the product's SBOM; the product is matched again",
      request: { params: productParam },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      const { product } = c.req.valid("param");
      const services = c.get("services");
      await services.productVulnerabilities.deleteSbom(product, requirePrincipal(c));
      await matchLater(services, product);
      return c.body(null, 204);
    },
  );

  app.openapi(
    route("product:read", {
      method: "get",
      path: "/api/products/{product}/matches",
      tags: ["vulnerabilities"],
      summary:
        "What matching found in the product and its components, with confidence and reasons; `review=true` lists the uncertain matches waiting for a person",
      request: {
        params: productParam,
        query: z.object({ review: z.enum(["true", "false"]).optional() }),
      },
      responses: {
        200: {
          description: "Matches",
          content: { "application/json": { schema: z.object({ items: z.array(ProductMatchView) }) } },
        },
      },
    }),
    async (c) => {
      const { product } = c.req.valid("param");
      const review = c.req.valid("query").review === "true";
      const items = await c.get("services").productVulnerabilities.matches(product, { review });
      return c.json({ items: items.map(withoutAsset) } as never, 200);
    },
  );

  app.openapi(
    route("product:edit", {
      method: "post",
      path: "/api/products/{product}/matches/review",
      tags: ["vulnerabilities"],
      summary:
        "Confirm or reject an uncertain match of the product; remembered for later revisions of the advisory, and a confirmation opens the vulnerability's status",
      request: {
        params: productParam,
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.object(reviewFields).strict(),
            },
          },
        },
      },
      responses: {
        200: {
          description: "Recorded",
          content: {
            "application/json": {
              schema: z.object({ match: ProductMatchView, opened: z.number().int() }),
            },
          },
        },
      },
    }),
    async (c) => {
      const { product } = c.req.valid("param");
      const body = c.req.valid("json");
      const outcome = await c
        .get("services")
        .productVulnerabilities.reviewMatch(
          product,
          { component: body.component, advisory: body.advisory, product: body.product },
          body.decision,
          body.note,
          requirePrincipal(c),
        );
      return c.json({ match: withoutAsset(outcome.match), opened: outcome.opened } as never, 200);
    },
  );

  app.openapi(
    route("product:read", {
      method: "get",
      path: "/api/products/{product}/vulnerabilities",
      tags: ["vulnerabilities"],
      summary:
        "The product's vulnerabilities with the manufacturer's status, the components they were found in, and what the advisories say (titles, CVSS, remediations; KEV and EPSS when imported); open ones first",
      request: { params: productParam },
      responses: {
        200: {
          description: "Vulnerabilities",
          content: {
            "application/json": {
              schema: z.object({
                items: z.array(
                  z.object({
                    vulnerability: ProductVulnerabilityView,
                    ...advisoryFacts,
                    components: z.array(
                      z.object({
                        id: z.string().describe("'' = the product itself"),
                        name: z.string(),
                        version: z.string().nullable(),
                        advisory: z.string(),
                        certain: z.boolean(),
                      }),
                    ),
                  }),
                ),
                reference: ReferenceVersions,
              }),
            },
          },
        },
      },
    }),
    async (c) => {
      const { product } = c.req.valid("param");
      return c.json((await c.get("services").productVulnerabilities.vulnerabilities(product)) as never, 200);
    },
  );

  app.openapi(
    route("product:edit", {
      method: "patch",
      path: "/api/products/{product}/vulnerabilities/{vulnerability}",
      tags: ["vulnerabilities"],
      summary:
        "Set the manufacturer's status of a vulnerability for the product (not affected needs a justification); If-Match with its version",
      request: {
        params: statusParam,
        body: { required: true, content: { "application/json": { schema: ProductVulnerabilityChange } } },
      },
      responses: {
        200: {
          description: "Updated",
          content: { "application/json": { schema: ProductVulnerabilityView } },
        },
        409: { description: "Changed by someone else since it was read" },
        422: { description: "Not affected without a justification" },
        428: { description: "If-Match missing" },
      },
    }),
    async (c) => {
      const { product, vulnerability } = c.req.valid("param");
      const { productVulnerabilities } = c.get("services");
      const change = c.req.valid("json");
      const updated = await productVulnerabilities.setStatus(
        product,
        vulnerability,
        change,
        ifMatch(c),
        requirePrincipal(c),
      );
      c.header("etag", etag(updated.version));
      return c.json(updated as never, 200);
    },
  );

  app.openapi(
    route("product:read", {
      method: "get",
      path: "/api/products/{product}/vex",
      tags: ["vulnerabilities"],
      summary:
        "The manufacturer's status of every vulnerability of the product as VEX for its customers: CSAF 2.0 (csaf_vex) or CycloneDX 1.6",
      request: { params: productParam, query: vexQuery },
      responses: vexResponses,
    }),
    async (c) => {
      const { product } = c.req.valid("param");
      const { format } = c.req.valid("query");
      const { productVulnerabilities, clock } = c.get("services");
      return sendVex(c, await productVulnerabilities.vex(product, format, clock()), product, format);
    },
  );
}
