import { type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { ErrorMessage } from "../Feedback";
import { EntityForm } from "./EntityForm";
import { EntityTable } from "./EntityTable";
import type { EditableCollection } from "./entities";
import { type ApiError, type Envelope, request } from "./http";
import { openLink } from "./links";

export { openLink };

import { useSitePermissions } from "./permissions";
import { useSiteData } from "./site-data";
import { tr } from "./text";

type Item = Record<string, unknown>;

/** Where a link opens a new item with some fields filled in: `?new=countermeasures&init={…}`. */
export function newLink(collection: EditableCollection, initial: Record<string, unknown>): string {
  return `?${new URLSearchParams({ new: collection, init: JSON.stringify(initial) })}`;
}

/**
 * A collection of the site as a table with its form beside it: open a row to edit it, or add one. What
 * the user's role may not do is not offered (vendors edit assets and conduits only, viewers nothing).
 */
export function CollectionEditor({
  collection,
  tools,
  initialNew,
}: {
  collection: EditableCollection;
  /** Extra buttons beside "add" (e.g. the asset import). */
  tools?: ReactNode;
  initialNew?: Item;
}) {
  const { t } = useTranslation();
  const { siteId } = useSiteData();
  const may = useSitePermissions(siteId);
  const [params, setParams] = useSearchParams();
  const [open, setOpen] = useState<{ record?: Envelope<Item>; initial?: Item; nonce: number }>();
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<ApiError>();
  const maintained = collection === "assets" || collection === "conduits";
  const canEdit = may("site:edit") || (maintained && may("site:edit-maintained"));
  const canDelete = may("site:edit");
  const headingId = `collection-${collection}`;

  const wanted = params.get("open");
  const wantedNew = params.get("new") === collection ? params.get("init") : null;
  useEffect(() => {
    if (wantedNew === null) return;
    try {
      const initial = JSON.parse(wantedNew) as unknown;
      if (typeof initial === "object" && initial !== null && !Array.isArray(initial))
        setOpen({ initial: { ...initialNew, ...(initial as Item) }, nonce: Date.now() });
    } catch {
      // A hand-edited link: open nothing.
    }
  }, [wantedNew, initialNew]);
  useEffect(() => {
    if (!wanted?.startsWith(`${collection}:`)) return;
    const key = wanted.slice(collection.length + 1);
    void request<Envelope<Item>>("GET", `/api/sites/{site}/${collection}/{key}`, {
      params: { path: { site: siteId, key } },
    }).then((result) => {
      if (result.ok) {
        setOpen({ record: result.data, nonce: Date.now() });
        setError(undefined);
      } else setError(result.error);
    });
  }, [wanted, collection, siteId]);

  const close = () => {
    setOpen(undefined);
    if (wanted?.startsWith(`${collection}:`) || wantedNew !== null) {
      params.delete("open");
      params.delete("new");
      params.delete("init");
      setParams(params, { replace: true });
    }
  };

  if (!may("site:read") && !(maintained && may("site:read-maintained"))) return null;

  return (
    <section className="collection" aria-labelledby={headingId}>
      <div className="collection-head">
        <h2 id={headingId}>{tr(t, `workspace.entity.${collection}`)}</h2>
        <div className="collection-tools">
          {tools}
          {canEdit ? (
            <button
              type="button"
              className="primary"
              onClick={() => setOpen({ initial: initialNew, nonce: Date.now() })}
            >
              {tr(t, "workspace.form.add", { kind: tr(t, `workspace.entityOne.${collection}`) })}
            </button>
          ) : null}
        </div>
      </div>
      {error ? <ErrorMessage error={error} /> : null}
      <div className={open ? "collection-body with-form" : "collection-body"}>
        <EntityTable
          collection={collection}
          selected={open?.record ? String(open.record.data.id) : undefined}
          onOpen={(record) => setOpen({ record, nonce: Date.now() })}
          version={version}
        />
        {open ? (
          <EntityForm
            key={`${open.record?.data.id ?? "new"}-${open.nonce}`}
            collection={collection}
            record={open.record}
            initial={open.initial}
            canEdit={canEdit}
            canDelete={canDelete}
            onSaved={(record) => {
              setVersion((v) => v + 1);
              setOpen((current) => (current?.record ? current : { record, nonce: current?.nonce ?? 0 }));
            }}
            onDeleted={() => {
              setVersion((v) => v + 1);
              close();
            }}
            onClose={close}
          />
        ) : null}
      </div>
    </section>
  );
}
