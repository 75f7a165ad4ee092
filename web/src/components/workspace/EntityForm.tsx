import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { effectiveScales } from "../../../../src/model/common";
import type { Problem } from "../../../../src/model/problems";
import type { Site } from "../../../../src/model/site";
import { validateValue } from "../../../../src/model/validate";
import { vocabularies } from "../../../../src/model/vocabulary";
import { localText } from "../../text";
import {
  type EditableCollection,
  entityFields,
  type Field,
  fieldOfPointer,
  getPath,
  type RowColumn,
  setPath,
} from "./entities";
import { type ApiError, type Envelope, ifMatch, request } from "./http";
import { itemLink } from "./links";
import { useSiteData } from "./site-data";
import { fieldLabel, problemText, tr, vocabularyLabel } from "./text";

type Item = Record<string, unknown>;

interface FieldProblem {
  field?: string;
  message: string;
  /** A reference the browser's copy of the model does not know: it may be newer than that copy. */
  reference?: boolean;
}

const indexes = new WeakMap<object, Map<string, { collection: string; entity: Item }[]>>();

/** Every entity of the site by id (ids are unique across a document), built once per model read. */
function entitiesById(site: Site): Map<string, { collection: string; entity: Item }[]> {
  const cached = indexes.get(site);
  if (cached) return cached;
  const index = new Map<string, { collection: string; entity: Item }[]>();
  for (const [collection, value] of Object.entries(site)) {
    if (!Array.isArray(value)) continue;
    for (const entity of value as Item[]) {
      if (typeof entity?.id !== "string") continue;
      const list = index.get(entity.id) ?? [];
      list.push({ collection, entity });
      index.set(entity.id, list);
    }
  }
  indexes.set(site, index);
  return index;
}

function strings(value: unknown, into: Set<string>): Set<string> {
  if (typeof value === "string") into.add(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, into);
  else if (typeof value === "object" && value !== null)
    for (const v of Object.values(value)) strings(v, into);
  return into;
}

/**
 * Problems of one item, by the core's validator, as the CLI would report them. A site of 10,000 assets
 * takes the validator most of a second, too slow to run as the user types, so the item is checked in a
 * small site of its own: the site's scales and the entities the item names (so references resolve, and a
 * taken id is a duplicate). Rules across the whole site (an asset in two zones…) are left to the server.
 */
function clientProblems(
  site: Site | undefined,
  siteId: string,
  collection: EditableCollection,
  originalKey: string | undefined,
  item: Item,
  language: string,
): FieldProblem[] {
  const fields = entityFields[collection];
  const doc: Record<string, unknown> = {
    kind: "site",
    schemaVersion: 1,
    id: site?.id ?? siteId,
    name: site?.name ?? siteId,
    ...(site?.scales ? { scales: site.scales } : {}),
  };
  if (site) {
    const index = entitiesById(site);
    for (const id of strings(item, new Set())) {
      for (const found of index.get(id) ?? []) {
        if (found.collection === collection && found.entity.id === originalKey) continue;
        const list = (doc[found.collection] as Item[] | undefined) ?? [];
        if (!list.includes(found.entity)) doc[found.collection] = [...list, found.entity];
      }
    }
  }
  // The item last: a duplicate id is reported on the second declaration, which must be the item's.
  const others = (doc[collection] as Item[] | undefined) ?? [];
  const position = others.length;
  doc[collection] = [...others, item];
  const result = validateValue(doc);
  const mine = result.problems.filter(
    (p: Problem) =>
      p.severity === "error" &&
      p.path[0] === collection &&
      p.path[1] === position &&
      // Without the model at hand, references cannot be checked here; the server will.
      (site !== undefined || (p.code !== "unknown-reference" && p.code !== "unknown-level")),
  );
  return mine.map((p) => ({
    field: fieldOfPointer(fields, `/${p.path.slice(2).join("/")}`),
    message: problemText(p, language),
    ...(p.code === "unknown-reference" ? { reference: true } : {}),
  }));
}

/** The server's problems (400: pointers into the body; 422: pointers into the site) next to the fields. */
function serverProblems(error: ApiError, collection: EditableCollection): FieldProblem[] {
  const fields = entityFields[collection];
  return error.problems.map((p) => {
    const inSite = new RegExp(`^/${collection}/\\d+(/.*)?$`).exec(p.pointer);
    const pointer = inSite ? (inSite[1] ?? "") : p.pointer;
    return { field: fieldOfPointer(fields, pointer), message: p.message };
  });
}

function Choices({ id, options }: { id: string; options: { value: string; label: string }[] }) {
  return (
    <datalist id={id}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </datalist>
  );
}

const maxChoices = 3000;

export interface EntityFormProps {
  collection: EditableCollection;
  /** The item being edited with its version, or undefined to create one. */
  record?: Envelope<Item>;
  /** Values for a new item (e.g. the analysis's draft). */
  initial?: Item;
  canEdit: boolean;
  canDelete: boolean;
  onSaved(record: Envelope<Item>): void;
  onDeleted(): void;
  onClose(): void;
}

export function EntityForm({
  collection,
  record,
  initial,
  canEdit,
  canDelete,
  onSaved,
  onDeleted,
  onClose,
}: EntityFormProps) {
  const { t, i18n } = useTranslation();
  const { site, siteId, changed } = useSiteData();
  const formId = useId();
  const fields = entityFields[collection];
  const [item, setItem] = useState<Item>(record?.data ?? initial ?? {});
  const [version, setVersion] = useState(record?.revision.version);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError>();
  const [conflict, setConflict] = useState<ApiError["current"]>();
  const [referrers, setReferrers] = useState<string[]>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [saved, setSaved] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const originalKey = record ? String(record.data.id) : undefined;
  const readOnly = !canEdit;

  useEffect(() => {
    heading.current?.focus();
  }, []);

  // What went wrong is at the top of the form; the save button is at its bottom: bring it into view.
  const conflictBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (conflict) conflictBox.current?.focus();
  }, [conflict]);
  useEffect(() => {
    if (failure || referrers) document.getElementById(`${formId}-problems`)?.focus();
  }, [failure, referrers, formId]);

  // After the first attempt to save, the form re-checks as the user types (debounced).
  useEffect(() => {
    if (!checked) return;
    const timer = setTimeout(
      () => setProblems(clientProblems(site, siteId, collection, originalKey, item, i18n.language)),
      250,
    );
    return () => clearTimeout(timer);
  }, [checked, item, site, siteId, collection, originalKey, i18n.language]);

  const scales = useMemo(() => effectiveScales(site?.scales), [site]);

  const choices = (to: string[]) => {
    const options: { value: string; label: string }[] = [];
    for (const name of to) {
      for (const entity of ((site as Record<string, unknown> | undefined)?.[name] as Item[] | undefined) ??
        []) {
        if (options.length >= maxChoices) break;
        const id = String(entity.id);
        options.push({ value: id, label: localText(entity.name, i18n.language, id) });
      }
    }
    return options;
  };

  const update = (path: string, value: unknown) => {
    setSaved(false);
    setItem((current) => setPath(current, path, value));
  };

  const save = async (overwrite?: number) => {
    const local = clientProblems(site, siteId, collection, originalKey, item, i18n.language);
    setChecked(true);
    setProblems(local);
    setFailure(undefined);
    setConflict(undefined);
    // Only references are left to the server: something just created may not be in the model read yet.
    if (local.some((p) => !p.reference)) {
      document.getElementById(`${formId}-problems`)?.focus();
      return;
    }
    setBusy(true);
    const path = `/api/sites/{site}/${collection}`;
    const result =
      record === undefined
        ? await request<Envelope<Item>>("POST", path, { params: { path: { site: siteId } }, body: item })
        : await request<Envelope<Item>>("PUT", `${path}/{key}`, {
            params: { path: { site: siteId, key: String(originalKey) } },
            body: item,
            headers: ifMatch(overwrite ?? version ?? 0),
          });
    setBusy(false);
    if (result.ok) {
      setVersion(result.data.revision.version);
      setItem(result.data.data);
      setProblems([]);
      setChecked(false);
      setSaved(true);
      changed();
      onSaved(result.data);
      return;
    }
    if (result.error.status === 409 && result.error.current) {
      setConflict(result.error.current);
      return;
    }
    setProblems(serverProblems(result.error, collection));
    setFailure(result.error);
  };

  const reload = async () => {
    const result = await request<Envelope<Item>>("GET", `/api/sites/{site}/${collection}/{key}`, {
      params: { path: { site: siteId, key: String(originalKey) } },
    });
    if (!result.ok) return setFailure(result.error);
    setItem(result.data.data);
    setVersion(result.data.revision.version);
    setConflict(undefined);
    setProblems([]);
  };

  const remove = async () => {
    setBusy(true);
    setReferrers(undefined);
    setFailure(undefined);
    const result = await request<null>("DELETE", `/api/sites/{site}/${collection}/{key}`, {
      params: { path: { site: siteId, key: String(originalKey) } },
      headers: ifMatch(version ?? 0),
    });
    setBusy(false);
    setConfirmDelete(false);
    if (result.ok) {
      changed();
      onDeleted();
      return;
    }
    if (result.error.status === 409 && result.error.referrers) setReferrers(result.error.referrers);
    else if (result.error.status === 409 && result.error.current) setConflict(result.error.current);
    else setFailure(result.error);
  };

  const problemsOf = (path: string) => problems.filter((p) => p.field === path);
  const general = problems.filter((p) => p.field === undefined);
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: "short", timeStyle: "short" });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save();
  };

  const name = record
    ? localText(record.data.name ?? record.data.title, i18n.language, String(originalKey))
    : "";

  return (
    <form className="entity-form" onSubmit={submit} aria-labelledby={`${formId}-title`} noValidate>
      <div className="entity-form-head">
        <h2 id={`${formId}-title`} ref={heading} tabIndex={-1}>
          {record
            ? tr(t, "workspace.form.editTitle", { kind: tr(t, `workspace.entityOne.${collection}`), name })
            : tr(t, "workspace.form.newTitle", { kind: tr(t, `workspace.entityOne.${collection}`) })}
        </h2>
        <button type="button" onClick={onClose}>
          {t("workspace.form.close")}
        </button>
      </div>
      {record ? (
        <p className="muted">
          {tr(t, "workspace.form.revision", {
            version: String(version),
            by: record.revision.updatedBy ?? "—",
            at: time.format(new Date(record.revision.updatedAt)),
          })}
        </p>
      ) : null}
      {conflict ? (
        <div className="conflict" role="alert" ref={conflictBox} tabIndex={-1}>
          <p className="error-title">
            {tr(t, "workspace.form.conflict", {
              by: conflict.updatedBy ?? "—",
              at: time.format(new Date(conflict.updatedAt)),
            })}
          </p>
          <p>{t("workspace.form.conflictExplain")}</p>
          <button type="button" onClick={() => void reload()}>
            {t("workspace.form.reload")}
          </button>{" "}
          <button type="button" className="danger" onClick={() => void save(conflict.version)}>
            {t("workspace.form.overwrite")}
          </button>
        </div>
      ) : null}
      {referrers ? (
        <div className="error" role="alert">
          <p className="error-title">{t("workspace.form.referenced")}</p>
          <ul>
            {referrers.map((pointer) => {
              const [, name, index] = pointer.split("/");
              const entity = (
                (site as Record<string, unknown> | undefined)?.[name ?? ""] as Item[] | undefined
              )?.[Number(index)];
              const home = name && name in entityFields ? (name as EditableCollection) : undefined;
              return (
                <li key={pointer}>
                  {entity && home ? (
                    <Link to={itemLink(siteId, undefined, home, String(entity.id))}>
                      {tr(t, `workspace.entityOne.${home}`)}{" "}
                      {localText(entity.name, i18n.language, String(entity.id))}{" "}
                      <code>{String(entity.id)}</code>
                    </Link>
                  ) : null}{" "}
                  <code className="muted">{pointer}</code>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
      <div id={`${formId}-problems`} tabIndex={-1} aria-live="polite">
        {failure && general.length === 0 && problems.length === 0 ? (
          <div className="error" role="alert">
            <p className="error-title">{failure.status === 0 ? t("errors.network") : failure.title}</p>
            {failure.detail ? <p>{failure.detail}</p> : null}
          </div>
        ) : null}
        {problems.length > 0 ? (
          <div className="error" role="alert">
            <p className="error-title">{tr(t, "workspace.form.problems", { count: problems.length })}</p>
            {general.length > 0 ? (
              <ul>
                {general.map((p) => (
                  <li key={p.message}>{p.message}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        {saved ? (
          <p className="saved" role="status">
            {t("workspace.form.saved")}
          </p>
        ) : null}
      </div>
      <fieldset disabled={readOnly} className="fields">
        {fields.map((field) => (
          <FieldInput
            key={field.path}
            formId={formId}
            field={field}
            value={getPath(item, field.path)}
            creating={record === undefined}
            problems={problemsOf(field.path)}
            onChange={(value) => update(field.path, value)}
            scales={scales}
            choices={choices}
          />
        ))}
      </fieldset>
      {canEdit ? (
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {record ? t("workspace.form.save") : t("workspace.form.create")}
          </button>
          {record && canDelete ? (
            confirmDelete ? (
              <>
                <button type="button" className="danger" onClick={() => void remove()} disabled={busy}>
                  {t("workspace.form.confirmDelete")}
                </button>
                <button type="button" onClick={() => setConfirmDelete(false)}>
                  {t("workspace.form.cancel")}
                </button>
              </>
            ) : (
              <button type="button" onClick={() => setConfirmDelete(true)}>
                {t("workspace.form.delete")}
              </button>
            )
          ) : null}
        </div>
      ) : (
        <p className="muted">{t("workspace.form.readOnly")}</p>
      )}
    </form>
  );
}

interface FieldInputProps {
  formId: string;
  field: Field;
  value: unknown;
  creating: boolean;
  problems: FieldProblem[];
  onChange(value: unknown): void;
  scales: ReturnType<typeof effectiveScales>;
  choices(to: string[]): { value: string; label: string }[];
}

function splitList(text: string): string[] | undefined {
  const items = text
    .split(/[;；,、\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length > 0 ? items : undefined;
}

function FieldInput({
  formId,
  field,
  value,
  creating,
  problems,
  onChange,
  scales,
  choices,
}: FieldInputProps) {
  const { t, i18n } = useTranslation();
  const id = `${formId}-${field.path.replaceAll(".", "-")}`;
  const errorId = `${id}-error`;
  const invalid = problems.length > 0;
  const required = "required" in field && field.required;
  const described = {
    "aria-invalid": invalid || undefined,
    "aria-describedby": invalid ? errorId : undefined,
  };
  const label = (
    <>
      {fieldLabel(t, field.path)}
      {required || field.kind === "id" ? <span className="required"> *</span> : null}
    </>
  );
  const errors = invalid ? (
    <span id={errorId} className="field-error">
      {problems.map((p) => p.message).join(" ")}
    </span>
  ) : null;

  switch (field.kind) {
    case "id":
      return (
        <div className="field">
          <label htmlFor={id}>{label}</label>
          <input
            id={id}
            value={typeof value === "string" ? value : ""}
            readOnly={!creating}
            onChange={(e) => onChange(e.target.value || undefined)}
            autoComplete="off"
            spellCheck={false}
            {...described}
          />
          {errors}
        </div>
      );
    case "text":
    case "number":
    case "date":
      return (
        <div className="field">
          <label htmlFor={id}>{label}</label>
          {field.kind === "text" && field.multiline ? (
            <textarea
              id={id}
              value={typeof value === "string" ? value : ""}
              onChange={(e) => onChange(e.target.value || undefined)}
              {...described}
            />
          ) : (
            <input
              id={id}
              type={field.kind === "date" ? "date" : field.kind === "number" ? "number" : "text"}
              step={field.kind === "number" ? "any" : undefined}
              value={value === undefined || value === null ? "" : String(value)}
              onChange={(e) => {
                const text = e.target.value;
                if (field.kind === "number") onChange(text === "" ? undefined : Number(text));
                else onChange(text || undefined);
              }}
              {...described}
            />
          )}
          {errors}
        </div>
      );
    case "ltext": {
      const text =
        typeof value === "string"
          ? { ja: value, en: "" }
          : ((value as { ja?: string; en?: string } | undefined) ?? {});
      const set = (langKey: "ja" | "en", next: string) => {
        const merged = { ja: text.ja ?? "", en: text.en ?? "", [langKey]: next };
        const out: Record<string, string> = {};
        if (merged.ja) out.ja = merged.ja;
        if (merged.en) out.en = merged.en;
        onChange(Object.keys(out).length > 0 ? out : undefined);
      };
      const multiline = "multiline" in field && field.multiline;
      const input = (langKey: "ja" | "en") =>
        multiline ? (
          <textarea
            id={`${id}-${langKey}`}
            lang={langKey}
            value={text[langKey] ?? ""}
            onChange={(e) => set(langKey, e.target.value)}
          />
        ) : (
          <input
            id={`${id}-${langKey}`}
            lang={langKey}
            value={text[langKey] ?? ""}
            onChange={(e) => set(langKey, e.target.value)}
          />
        );
      return (
        <fieldset className="field ltext" {...described}>
          <legend>{label}</legend>
          <div className="ltext-line">
            <label htmlFor={`${id}-ja`} className="lang-tag">
              {t("workspace.form.ja")}
            </label>
            {input("ja")}
          </div>
          <div className="ltext-line">
            <label htmlFor={`${id}-en`} className="lang-tag">
              {t("workspace.form.en")}
            </label>
            {input("en")}
          </div>
          {errors}
        </fieldset>
      );
    }
    case "enum":
    case "level": {
      const options =
        field.kind === "enum"
          ? Object.keys(vocabularies[field.vocabulary]).map((key) => ({
              value: key,
              label: vocabularyLabel(field.vocabulary, key, i18n.language),
            }))
          : scales[field.scale].map((level) => ({
              value: level.key,
              label: i18n.language === "en" ? level.label.en : level.label.ja,
            }));
      return (
        <div className="field">
          <label htmlFor={id}>{label}</label>
          <select
            id={id}
            value={typeof value === "string" ? value : ""}
            onChange={(e) => onChange(e.target.value || undefined)}
            {...described}
          >
            <option value="">{t("workspace.form.unset")}</option>
            {typeof value === "string" && value && !options.some((o) => o.value === value) ? (
              <option value={value}>{value}</option>
            ) : null}
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          {errors}
        </div>
      );
    }
    case "ref":
    case "list":
    case "refs": {
      const listId = `${id}-choices`;
      const many = field.kind !== "ref";
      const shown = many
        ? Array.isArray(value)
          ? value.join("; ")
          : ""
        : typeof value === "string"
          ? value
          : "";
      return (
        <div className="field">
          <label htmlFor={id}>{label}</label>
          <ListOrRefInput
            id={id}
            listId={field.kind === "list" ? undefined : listId}
            shown={shown}
            many={many}
            onChange={onChange}
            described={described}
          />
          {many ? <span className="hint">{t("workspace.form.listHint")}</span> : null}
          {field.kind !== "list" ? <Choices id={listId} options={choices(field.to)} /> : null}
          {errors}
        </div>
      );
    }
    case "boolean":
      return (
        <div className="field">
          <label htmlFor={id}>{label}</label>
          <select
            id={id}
            value={value === true ? "yes" : value === false ? "no" : ""}
            onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value === "yes")}
            {...described}
          >
            <option value="">{t("workspace.form.unset")}</option>
            <option value="yes">{t("workspace.form.yes")}</option>
            <option value="no">{t("workspace.form.no")}</option>
          </select>
          {errors}
        </div>
      );
    case "rows":
      return (
        <RowsInput
          id={id}
          label={label}
          columns={field.columns}
          value={Array.isArray(value) ? (value as Item[]) : []}
          onChange={onChange}
          errors={errors}
          described={described}
        />
      );
    case "json":
      return (
        <JsonInput
          id={id}
          label={label}
          value={value}
          onChange={onChange}
          errors={errors}
          described={described}
        />
      );
    default:
      return field satisfies never;
  }
}

/** A text box for one id or a ';'-separated list; keeps what is typed and reports the parsed value. */
function ListOrRefInput({
  id,
  listId,
  shown,
  many,
  onChange,
  described,
}: {
  id: string;
  listId: string | undefined;
  shown: string;
  many: boolean;
  onChange(value: unknown): void;
  described: Record<string, unknown>;
}) {
  const [text, setText] = useState(shown);
  const last = useRef(shown);
  useEffect(() => {
    if (shown !== last.current) {
      setText(shown);
      last.current = shown;
    }
  }, [shown]);
  return (
    <input
      id={id}
      list={listId}
      value={text}
      autoComplete="off"
      spellCheck={false}
      onChange={(e) => {
        setText(e.target.value);
        const next = many ? splitList(e.target.value) : e.target.value.trim() || undefined;
        last.current = many
          ? ((next as string[] | undefined)?.join("; ") ?? "")
          : ((next as string | undefined) ?? "");
        onChange(next);
      }}
      {...described}
    />
  );
}

function RowsInput({
  id,
  label,
  columns,
  value,
  onChange,
  errors,
  described,
}: {
  id: string;
  label: React.ReactNode;
  columns: RowColumn[];
  value: Item[];
  onChange(value: unknown): void;
  errors: React.ReactNode;
  described: Record<string, unknown>;
}) {
  const { t, i18n } = useTranslation();
  const set = (index: number, key: string, next: unknown) => {
    const rows = value.map((row, i) => {
      if (i !== index) return row;
      const copy = { ...row };
      if (next === undefined || next === "") delete copy[key];
      else copy[key] = next;
      return copy;
    });
    onChange(rows);
  };
  return (
    <fieldset className="field rows" {...described}>
      <legend>{label}</legend>
      {value.map((row, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own
        <div className="row-line" key={index}>
          {columns.map((column) => {
            const cellId = `${id}-${index}-${column.key}`;
            const cell = row[column.key];
            return (
              <label key={column.key} htmlFor={cellId}>
                <span>{tr(t, `workspace.field.${column.key}`)}</span>
                {column.kind === "enum" ? (
                  <select
                    id={cellId}
                    value={typeof cell === "string" ? cell : ""}
                    onChange={(e) => set(index, column.key, e.target.value)}
                  >
                    <option value="">{t("workspace.form.unset")}</option>
                    {Object.keys(vocabularies[column.vocabulary]).map((key) => (
                      <option key={key} value={key}>
                        {vocabularyLabel(column.vocabulary, key, i18n.language)}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    id={cellId}
                    type={column.kind === "date" ? "date" : "text"}
                    value={
                      cell === undefined
                        ? ""
                        : typeof cell === "object"
                          ? localText(cell, i18n.language, "")
                          : String(cell)
                    }
                    onChange={(e) => {
                      const text = e.target.value;
                      set(
                        index,
                        column.key,
                        column.kind === "port" && /^\d+$/.test(text) ? Number(text) : text,
                      );
                    }}
                  />
                )}
              </label>
            );
          })}
          <button
            type="button"
            onClick={() => onChange(value.filter((_, i) => i !== index))}
            aria-label={tr(t, "workspace.form.removeRow", { n: index + 1 })}
          >
            {t("workspace.form.remove")}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...value, {}])}>
        {t("workspace.form.addRow")}
      </button>
      {errors}
    </fieldset>
  );
}

function JsonInput({
  id,
  label,
  value,
  onChange,
  errors,
  described,
}: {
  id: string;
  label: React.ReactNode;
  value: unknown;
  onChange(value: unknown): void;
  errors: React.ReactNode;
  described: Record<string, unknown>;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(value === undefined ? "" : JSON.stringify(value, null, 2));
  const [bad, setBad] = useState(false);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        className="code"
        rows={Math.min(12, Math.max(3, text.split("\n").length))}
        value={text}
        spellCheck={false}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === "") {
            setBad(false);
            return onChange(undefined);
          }
          try {
            onChange(JSON.parse(e.target.value));
            setBad(false);
          } catch {
            setBad(true);
          }
        }}
        {...described}
      />
      <span className="hint">{bad ? t("workspace.form.jsonInvalid") : t("workspace.form.jsonHint")}</span>
      {errors}
    </div>
  );
}
