import { useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { type SheetColumn, type SheetRow, sheetColumns } from "../../../../src/model/asset-sheet";
import { requestRaw } from "./http";
import { applyMapping, guessMapping, readSheetFile } from "./sheet-mapping";
import { useSiteData } from "./site-data";
import { tr } from "./text";

interface Outcome {
  dryRun: boolean;
  applied: boolean;
  rows: number;
  created: number;
  updated: number;
  problems: { row: number; column: string | null; pointer: string; code: string; message: string }[];
  siteProblems: { pointer: string; code: string; message: string }[];
}

type Stage =
  | { step: "choose" }
  | {
      step: "map";
      fileName: string;
      headers: string[];
      data: string[][];
      mapping: (SheetColumn | undefined)[];
    }
  | { step: "preview"; fileName: string; rows: SheetRow[]; outcome: Outcome }
  | { step: "done"; outcome: Outcome };

/**
 * Bulk import of an asset inventory (Step 1-4): a CSV or xlsx file, its columns mapped to Mamori's sheet
 * columns (guessed from the header), a dry run that lists every problem by row and column — fixable here,
 * cell by cell — and then the import, all or nothing.
 */
export function AssetImport({ onImported }: { onImported(): void }) {
  const { t } = useTranslation();
  const { siteId, changed } = useSiteData();
  const id = useId();
  const [stage, setStage] = useState<Stage>({ step: "choose" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const fileInput = useRef<HTMLInputElement>(null);

  const send = async (rows: SheetRow[], dryRun: boolean): Promise<Outcome | undefined> => {
    setBusy(true);
    setError(undefined);
    const result = await requestRaw<Outcome & { title?: string }>("POST", "/api/sites/{site}/asset-import", {
      params: { path: { site: siteId } },
      body: { dryRun, rows },
    });
    setBusy(false);
    if (result.body && Array.isArray(result.body.problems) && "rows" in result.body) return result.body;
    setError(result.status === 0 ? t("errors.network") : (result.body?.title ?? String(result.status)));
    return undefined;
  };

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      const { headers, rows } = await readSheetFile(file);
      if (headers.length === 0 || rows.length === 0) setError(t("workspace.import.emptyFile"));
      else
        setStage({ step: "map", fileName: file.name, headers, data: rows, mapping: guessMapping(headers) });
    } catch {
      setError(t("workspace.import.unreadable"));
    }
    setBusy(false);
  };

  const check = async (fileName: string, rows: SheetRow[]) => {
    const outcome = await send(rows, true);
    if (outcome) setStage({ step: "preview", fileName, rows, outcome });
  };

  const commit = async (fileName: string, rows: SheetRow[]) => {
    const outcome = await send(rows, false);
    if (!outcome) return;
    if (outcome.applied) {
      setStage({ step: "done", outcome });
      changed();
      onImported();
    } else setStage({ step: "preview", fileName, rows, outcome });
  };

  return (
    <section className="asset-import" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t("workspace.import.title")}</h3>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {stage.step === "choose" || stage.step === "done" ? (
        <>
          {stage.step === "done" ? (
            <p className="saved" role="status">
              {tr(t, "workspace.import.done", {
                created: stage.outcome.created,
                updated: stage.outcome.updated,
              })}
            </p>
          ) : null}
          <p>{t("workspace.import.intro")}</p>
          <label htmlFor={`${id}-file`}>{t("workspace.import.file")}</label>{" "}
          <input
            ref={fileInput}
            id={`${id}-file`}
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            disabled={busy}
            onChange={(e) => void choose(e.target.files?.[0])}
          />
        </>
      ) : null}
      {stage.step === "map" ? (
        <div>
          <p>{tr(t, "workspace.import.mapIntro", { file: stage.fileName, rows: stage.data.length })}</p>
          <div className="table-scroll">
            <table className="mapping">
              <thead>
                <tr>
                  <th scope="col">{t("workspace.import.header")}</th>
                  <th scope="col">{t("workspace.import.sample")}</th>
                  <th scope="col">{t("workspace.import.column")}</th>
                </tr>
              </thead>
              <tbody>
                {stage.headers.map((header, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: headers may repeat; their position is their identity
                  <tr key={index}>
                    <th scope="row">{header || "—"}</th>
                    <td>{stage.data[0]?.[index] ?? ""}</td>
                    <td>
                      <select
                        aria-label={tr(t, "workspace.import.columnFor", { header })}
                        value={stage.mapping[index] ?? ""}
                        onChange={(e) => {
                          const mapping = stage.mapping.slice();
                          mapping[index] = (e.target.value || undefined) as SheetColumn | undefined;
                          setStage({ ...stage, mapping });
                        }}
                      >
                        <option value="">{t("workspace.import.ignore")}</option>
                        {sheetColumns.map((column) => (
                          <option key={column} value={column}>
                            {column}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {!stage.mapping.includes("id") ? (
            <p className="field-error">{t("workspace.import.needsId")}</p>
          ) : null}
          <div className="form-actions">
            <button
              type="button"
              className="primary"
              disabled={busy || !stage.mapping.includes("id")}
              onClick={() => void check(stage.fileName, applyMapping(stage.data, stage.mapping))}
            >
              {t("workspace.import.check")}
            </button>
            <button type="button" onClick={() => setStage({ step: "choose" })}>
              {t("workspace.form.cancel")}
            </button>
          </div>
        </div>
      ) : null}
      {stage.step === "preview" ? (
        <Preview
          stage={stage}
          busy={busy}
          onEdit={(rows) => setStage({ ...stage, rows })}
          onCheck={() => void check(stage.fileName, stage.rows)}
          onImport={() => void commit(stage.fileName, stage.rows)}
          onCancel={() => setStage({ step: "choose" })}
        />
      ) : null}
    </section>
  );
}

function Preview({
  stage,
  busy,
  onEdit,
  onCheck,
  onImport,
  onCancel,
}: {
  stage: Extract<Stage, { step: "preview" }>;
  busy: boolean;
  onEdit(rows: SheetRow[]): void;
  onCheck(): void;
  onImport(): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const { outcome, rows } = stage;
  const count = outcome.problems.length + outcome.siteProblems.length;
  const edit = (row: number, column: SheetColumn, value: string) =>
    onEdit(rows.map((r, i) => (i === row - 1 ? { ...r, [column]: value } : r)));
  return (
    <div>
      <p role="status">
        {count === 0
          ? tr(t, "workspace.import.ready", {
              rows: outcome.rows,
              created: outcome.created,
              updated: outcome.updated,
            })
          : tr(t, "workspace.import.problems", { count })}
      </p>
      {outcome.problems.length > 0 ? (
        <div className="table-scroll">
          <table className="import-problems">
            <thead>
              <tr>
                <th scope="col">{t("workspace.import.row")}</th>
                <th scope="col">{t("workspace.import.column")}</th>
                <th scope="col">{t("workspace.import.message")}</th>
                <th scope="col">{t("workspace.import.value")}</th>
              </tr>
            </thead>
            <tbody>
              {outcome.problems.slice(0, 500).map((p) => {
                const column = (sheetColumns as readonly string[]).includes(p.column ?? "")
                  ? (p.column as SheetColumn)
                  : undefined;
                return (
                  <tr key={`${p.row}-${p.pointer}-${p.code}`}>
                    <td>{p.row}</td>
                    <td>{p.column ?? "—"}</td>
                    <td>{p.message}</td>
                    <td>
                      {column ? (
                        <input
                          aria-label={tr(t, "workspace.import.fixCell", { row: p.row, column })}
                          value={rows[p.row - 1]?.[column] ?? ""}
                          onChange={(e) => edit(p.row, column, e.target.value)}
                        />
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {outcome.siteProblems.length > 0 ? (
        <ul className="error">
          {outcome.siteProblems.map((p) => (
            <li key={`${p.pointer}-${p.code}`}>
              {p.message} <code>{p.pointer}</code>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="form-actions">
        {count > 0 ? (
          <button type="button" className="primary" disabled={busy} onClick={onCheck}>
            {t("workspace.import.recheck")}
          </button>
        ) : (
          <button type="button" className="primary" disabled={busy} onClick={onImport}>
            {tr(t, "workspace.import.import", { rows: outcome.rows })}
          </button>
        )}
        <button type="button" onClick={onCancel}>
          {t("workspace.form.cancel")}
        </button>
      </div>
    </div>
  );
}
