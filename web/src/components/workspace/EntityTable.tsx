import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { effectiveScales, type ScaleName } from "../../../../src/model/common";
import { vocabularies } from "../../../../src/model/vocabulary";
import { localText } from "../../text";
import { type EditableCollection, entityFields, tableColumns, tableFilters } from "./entities";
import { type ApiError, type Envelope, type Page, request } from "./http";
import { useSiteData } from "./site-data";
import { fieldLabel, tr, vocabularyLabel } from "./text";

type Item = Record<string, unknown>;
const pageSize = 100;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export interface EntityTableProps {
  collection: EditableCollection;
  /** The key of the item open in the form, highlighted. */
  selected?: string;
  onOpen(record: Envelope<Item>): void;
  /** Changes whenever the collection changed (a save), to re-read the page. */
  version: number;
}

/**
 * One collection of the site as a table: the server pages, searches, filters and sorts (100 rows a page),
 * so 10,000 assets cost the browser no more than 100. Search is debounced; every control is a native
 * button, input or select, so the table works from the keyboard.
 */
export function EntityTable({ collection, selected, onOpen, version }: EntityTableProps) {
  const { t, i18n } = useTranslation();
  const { siteId, site } = useSiteData();
  const tableId = useId();
  const [query, setQuery] = useState("");
  const q = useDebounced(query.trim(), 300);
  const [sort, setSort] = useState<string>();
  const [filter, setFilter] = useState("");
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page<Item>>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(false);
  const sequence = useRef(0);
  const columns = tableColumns[collection];
  const filterSpec = tableFilters[collection];
  const fields = entityFields[collection];
  const scales = useMemo(() => effectiveScales(site?.scales), [site]);

  // A new search or filter starts from the first page.
  // biome-ignore lint/correctness/useExhaustiveDependencies: resets on these inputs only
  useEffect(() => setOffset(0), [q, filter, sort]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` changes when the collection did; it re-reads the page
  useEffect(() => {
    const mine = ++sequence.current;
    setLoading(true);
    const query: Record<string, unknown> = { offset, limit: pageSize };
    if (q) query.q = q;
    if (sort) query.sort = sort;
    if (filter && filterSpec) query.filter = `${filterSpec.field}:${filter}`;
    void request<Page<Item>>("GET", `/api/sites/{site}/${collection}`, {
      params: { path: { site: siteId }, query },
    }).then((result) => {
      if (mine !== sequence.current) return; // a newer request is under way
      setLoading(false);
      if (result.ok) {
        setPage(result.data);
        setError(undefined);
      } else setError(result.error);
    });
  }, [siteId, collection, offset, q, sort, filter, filterSpec, version]);

  const cell = (item: Item, column: string): string => {
    const value = item[column];
    if (value === undefined || value === null) return "";
    const field = fields.find((f) => f.path === column);
    if (field?.kind === "enum" && typeof value === "string")
      return vocabularyLabel(field.vocabulary, value, i18n.language);
    const levelLabel = (scale: ScaleName, key: string) => {
      const level = scales[scale].find((l) => l.key === key);
      return level ? level.label[i18n.language === "en" ? "en" : "ja"] : key;
    };
    if (field?.kind === "level" && typeof value === "string") return levelLabel(field.scale, value);
    if (Array.isArray(value)) return value.map(String).join(", ");
    if (column === "securityLevel" && typeof value === "object")
      return levelLabel("securityLevel", String((value as { target?: string }).target ?? ""));
    return localText(value, i18n.language, typeof value === "object" ? "" : String(value));
  };

  const sortButton = (column: string) => {
    const state = sort === column ? "ascending" : sort === `-${column}` ? "descending" : "none";
    const next = state === "ascending" ? `-${column}` : state === "descending" ? undefined : column;
    return (
      <th key={column} scope="col" aria-sort={state}>
        <button type="button" className="sort" onClick={() => setSort(next)}>
          {fieldLabel(t, column)}
          <span aria-hidden="true">{state === "ascending" ? " ▲" : state === "descending" ? " ▼" : ""}</span>
        </button>
      </th>
    );
  };

  const total = page?.total ?? 0;
  const shownFrom = total === 0 ? 0 : offset + 1;
  const shownTo = Math.min(offset + pageSize, total);

  return (
    <div className="entity-table">
      <div className="table-tools">
        <label>
          <span>{t("workspace.table.search")}</span>
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            aria-controls={tableId}
            placeholder={t("workspace.table.searchPlaceholder")}
          />
        </label>
        {filterSpec ? (
          <label>
            <span>{fieldLabel(t, filterSpec.field)}</span>
            <select value={filter} onChange={(e) => setFilter(e.target.value)} aria-controls={tableId}>
              <option value="">{t("workspace.table.all")}</option>
              {Object.keys(vocabularies[filterSpec.vocabulary]).map((key) => (
                <option key={key} value={key}>
                  {vocabularyLabel(filterSpec.vocabulary, key, i18n.language)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <p className="table-count" role="status" aria-live="polite">
          {loading
            ? t("app.loading")
            : tr(t, "workspace.table.count", { from: shownFrom, to: shownTo, total })}
        </p>
      </div>
      {error ? (
        <div className="error" role="alert">
          <p className="error-title">{error.status === 0 ? t("errors.network") : error.title}</p>
        </div>
      ) : null}
      <div className="table-scroll">
        <table id={tableId} aria-busy={loading}>
          <caption className="visually-hidden">{tr(t, `workspace.entity.${collection}`)}</caption>
          <thead>
            <tr>{columns.map(sortButton)}</tr>
          </thead>
          <tbody>
            {(page?.items ?? []).map((record) => {
              const key = String(record.data.id);
              return (
                <tr
                  key={key}
                  aria-selected={key === selected}
                  className={key === selected ? "selected" : undefined}
                >
                  {columns.map((column, index) =>
                    index === 0 ? (
                      <th key={column} scope="row">
                        <button type="button" className="link" onClick={() => onOpen(record)}>
                          {key}
                        </button>
                      </th>
                    ) : (
                      <td key={column}>{cell(record.data, column)}</td>
                    ),
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
        {page && page.items.length === 0 ? <p className="muted">{t("workspace.table.empty")}</p> : null}
      </div>
      <div className="pager">
        <button
          type="button"
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - pageSize))}
        >
          {t("workspace.table.previous")}
        </button>
        <button
          type="button"
          disabled={offset + pageSize >= total}
          onClick={() => setOffset(offset + pageSize)}
        >
          {t("workspace.table.next")}
        </button>
      </div>
    </div>
  );
}
