import { hasErrors, problem } from "../model/problems.js";
import type { Product } from "../model/product.js";
import { type ValidationOptions, validateValue } from "../model/validate.js";
import { appendAudit } from "./audit.js";
import type { Database } from "./database.js";
import { refuse } from "./failure.js";
import { type Actor, type EntityRecord, revisionOf } from "./sites.js";

/**
 * IoT products (対策1–6) are edited as whole documents: they are small and usually kept by one team, so
 * one version per product is enough for optimistic concurrency.
 */
export type ProductStore = ReturnType<typeof createProductStore>;

interface ProductRow {
  id: string;
  document: Product;
  version: number;
  updated_at: Date;
  updated_by: string | null;
}

export function createProductStore(
  db: Database,
  options: { clock: () => Date; validation: ValidationOptions },
) {
  function validated(document: unknown, id?: string): Product {
    const result = validateValue(document, options.validation);
    if (result.kind !== undefined && result.kind !== "product")
      refuse({
        kind: "invalid",
        problems: [problem("wrong-document-kind", ["kind"], { expected: "product", actual: result.kind })],
      });
    if (!result.valid || hasErrors(result.problems)) {
      const errors = result.problems.filter((p) => p.severity === "error");
      refuse({
        kind: errors.some((p) => p.code === "unknown-reference" || p.code === "duplicate-id")
          ? "semantic"
          : "invalid",
        problems: errors,
      });
    }
    const product = document as Product;
    if (id !== undefined && product.id !== id)
      refuse({
        kind: "invalid",
        problems: [problem("id-mismatch", ["id"], { expected: id, actual: product.id })],
      });
    return product;
  }

  return {
    async list(
      ids?: readonly string[],
    ): Promise<{ id: string; name: Product["name"]; version: number; updatedAt: string }[]> {
      const rows = await db.query<ProductRow>(
        ids ? "select * from products where id = any($1) order by id" : "select * from products order by id",
        ids ? [ids] : [],
      );
      return rows.map((r) => ({
        id: r.id,
        name: r.document.name,
        version: r.version,
        updatedAt: new Date(r.updated_at).toISOString(),
      }));
    },

    async get(id: string): Promise<EntityRecord<Product>> {
      const [row] = await db.query<ProductRow>("select * from products where id = $1", [id]);
      if (!row) refuse({ kind: "not-found", subject: `product ${id}` });
      return { data: row.document, revision: revisionOf(row) };
    },

    async create(document: unknown, actor: Actor): Promise<EntityRecord<Product>> {
      const product = validated(document);
      const now = options.clock();
      await db.transaction(async (tx) => {
        if ((await tx.query("select 1 from products where id = $1", [product.id])).length)
          refuse({ kind: "exists", subject: `product ${product.id}` });
        await tx.query(
          "insert into products(id, document, version, created_at, updated_at, updated_by) values ($1, $2, 1, $3, $3, $4)",
          [product.id, JSON.stringify(product), now.toISOString(), actor.username],
        );
        await appendAudit(
          tx,
          {
            actor: actor.username,
            action: "product.create",
            subjectType: "product",
            subjectId: product.id,
            siteId: null,
            before: null,
            after: product,
          },
          now,
        );
      });
      return {
        data: product,
        revision: { version: 1, updatedAt: now.toISOString(), updatedBy: actor.username },
      };
    },

    async replace(
      id: string,
      document: unknown,
      expectedVersion: number | undefined,
      actor: Actor,
    ): Promise<EntityRecord<Product>> {
      const product = validated(document, id);
      const now = options.clock();
      const version = await db.transaction(async (tx) => {
        const [row] = await tx.query<ProductRow>("select * from products where id = $1 for update", [id]);
        if (!row) refuse({ kind: "not-found", subject: `product ${id}` });
        if (expectedVersion === undefined)
          refuse({ kind: "precondition-required", subject: `product ${id}` });
        if (row.version !== expectedVersion)
          refuse({ kind: "stale", subject: `product ${id}`, current: revisionOf(row) });
        await tx.query(
          "update products set document = $2, version = version + 1, updated_at = $3, updated_by = $4 where id = $1",
          [id, JSON.stringify(product), now.toISOString(), actor.username],
        );
        await appendAudit(
          tx,
          {
            actor: actor.username,
            action: "product.update",
            subjectType: "product",
            subjectId: id,
            siteId: null,
            before: row.document,
            after: product,
          },
          now,
        );
        return row.version + 1;
      });
      return {
        data: product,
        revision: { version, updatedAt: now.toISOString(), updatedBy: actor.username },
      };
    },

    async remove(id: string, expectedVersion: number | undefined, actor: Actor): Promise<void> {
      const now = options.clock();
      await db.transaction(async (tx) => {
        const [row] = await tx.query<ProductRow>("select * from products where id = $1 for update", [id]);
        if (!row) refuse({ kind: "not-found", subject: `product ${id}` });
        if (expectedVersion === undefined)
          refuse({ kind: "precondition-required", subject: `product ${id}` });
        if (row.version !== expectedVersion)
          refuse({ kind: "stale", subject: `product ${id}`, current: revisionOf(row) });
        await tx.query("delete from memberships where scope = 'product' and scope_id = $1", [id]);
        await tx.query("delete from products where id = $1", [id]);
        await appendAudit(
          tx,
          {
            actor: actor.username,
            action: "product.delete",
            subjectType: "product",
            subjectId: id,
            siteId: null,
            before: row.document,
            after: null,
          },
          now,
        );
      });
    },
  };
}
