import { z } from "@hono/zod-openapi";
import { LocalizedText } from "../../model/common.js";
import { Product } from "../../model/product.js";
import { siteRoles } from "../../store/accounts.js";
import { mayOnProduct } from "../access.js";
import { Revision } from "../errors.js";
import type { ApiApp } from "../routing.js";
import { etag, ifMatch, requirePrincipal, route } from "../routing.js";
import { matchLater } from "./product-vulnerabilities.js";

const productParam = z.object({ product: z.string().min(1).max(100) });
const Envelope = z.object({ data: Product, revision: Revision });

export function productRoutes(app: ApiApp) {
  app.openapi(
    route("authenticated", {
      method: "get",
      path: "/api/products",
      tags: ["products"],
      summary: "The IoT products the caller may see",
      responses: {
        200: {
          description: "Products",
          content: {
            "application/json": {
              schema: z.object({
                items: z.array(
                  z.object({
                    id: z.string(),
                    name: LocalizedText,
                    version: z.number(),
                    updatedAt: z.string(),
                  }),
                ),
              }),
            },
          },
        },
      },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      const all = await c.get("services").products.list();
      return c.json({ items: all.filter((p) => mayOnProduct(principal, "product:read", p.id)) }, 200);
    },
  );

  app.openapi(
    route("admin", {
      method: "post",
      path: "/api/products",
      tags: ["products"],
      summary: "Create a product from a whole document",
      request: { body: { required: true, content: { "application/json": { schema: Product } } } },
      responses: {
        201: { description: "Created", content: { "application/json": { schema: Envelope } } },
        409: { description: "Exists" },
      },
    }),
    async (c) => {
      const services = c.get("services");
      const record = await services.products.create(c.req.valid("json"), requirePrincipal(c));
      await matchLater(services, record.data.id);
      c.header("etag", etag(record.revision.version));
      return c.json(record as never, 201);
    },
  );

  app.openapi(
    route("product:read", {
      method: "get",
      path: "/api/products/{product}",
      tags: ["products"],
      summary: "One product document with its version",
      request: { params: productParam },
      responses: {
        200: { description: "The product", content: { "application/json": { schema: Envelope } } },
        404: { description: "Not found" },
      },
    }),
    async (c) => {
      const record = await c.get("services").products.get(c.req.valid("param").product);
      c.header("etag", etag(record.revision.version));
      return c.json(record as never, 200);
    },
  );

  app.openapi(
    route("product:edit", {
      method: "put",
      path: "/api/products/{product}",
      tags: ["products"],
      summary: "Replace a product document (If-Match required)",
      request: {
        params: productParam,
        body: { required: true, content: { "application/json": { schema: Product } } },
      },
      responses: {
        200: { description: "Updated", content: { "application/json": { schema: Envelope } } },
        409: { description: "Changed by someone else" },
        428: { description: "If-Match missing" },
      },
    }),
    async (c) => {
      const services = c.get("services");
      const { product } = c.req.valid("param");
      const record = await services.products.replace(
        product,
        c.req.valid("json"),
        ifMatch(c),
        requirePrincipal(c),
      );
      // Its components (or identifiers) may have changed.
      await matchLater(services, product);
      c.header("etag", etag(record.revision.version));
      return c.json(record as never, 200);
    },
  );

  app.openapi(
    route("admin", {
      method: "delete",
      path: "/api/products/{product}",
      tags: ["products"],
      summary: "Delete a product (If-Match required)",
      request: { params: productParam },
      responses: { 204: { description: "Deleted" }, 428: { description: "If-Match missing" } },
    }),
    async (c) => {
      await c.get("services").products.remove(c.req.valid("param").product, ifMatch(c), requirePrincipal(c));
      return c.body(null, 204);
    },
  );

  app.openapi(
    route("admin", {
      method: "put",
      path: "/api/products/{product}/members/{user}",
      tags: ["products"],
      summary: "Give a user a role on the product",
      request: {
        params: productParam.extend({ user: z.string().min(1).max(200) }),
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.object({ role: z.enum(siteRoles).exclude(["vendor"]) }).strict(),
            },
          },
        },
      },
      responses: { 204: { description: "Set" } },
    }),
    async (c) => {
      const { product, user } = c.req.valid("param");
      const { products, accounts } = c.get("services");
      await products.get(product);
      await accounts.setMember("product", product, user, c.req.valid("json").role, null, requirePrincipal(c));
      return c.body(null, 204);
    },
  );
}
