import { type FormEvent, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type ApiError, api, call } from "../../api/client";
import { tr } from "../workspace/text";
import { advisoryLink, type AdvisoryImport as Outcome, rawBody, readFileText } from "./data";
import { forgetAdvisories, LocatedProblems } from "./parts";

type FileResult = { file: string } & ({ ok: true; outcome: Outcome } | { ok: false; error: ApiError });

/**
 * The administrators' import: several CSAF 2.0 or OSV files, each POSTed in turn (the server validates one
 * document per request), with a progress bar and, per file, what happened or the problems located in it.
 */
export function AdvisoryImport({ onImported }: { onImported(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [results, setResults] = useState<FileResult[]>([]);
  const [running, setRunning] = useState(false);

  const run = async (event: FormEvent) => {
    event.preventDefault();
    if (files.length === 0) return;
    setRunning(true);
    setResults([]);
    let changed = false;
    for (const file of files) {
      const text = await readFileText(file);
      let result: FileResult;
      if (text === undefined)
        result = {
          file: file.name,
          ok: false,
          error: { status: 400, title: t("vulnerabilities.advisories.import.unreadable"), problems: [] },
        };
      else {
        const answer = await call(api.POST("/api/advisories", rawBody(text, "application/json")));
        result = answer.ok
          ? { file: file.name, ok: true, outcome: answer.data }
          : { file: file.name, ok: false, error: answer.error };
        if (answer.ok && (answer.data.outcome === "new" || answer.data.outcome === "updated")) changed = true;
      }
      setResults((previous) => [...previous, result]);
    }
    setRunning(false);
    setFiles([]);
    if (input.current) input.current.value = "";
    if (changed) {
      forgetAdvisories();
      onImported();
    }
  };

  const total = running ? files.length : results.length;
  return (
    <form
      className="upload-form advisory-import"
      onSubmit={(event) => void run(event)}
      aria-labelledby={`${id}-h`}
    >
      <h2 id={`${id}-h`}>{t("vulnerabilities.advisories.import.heading")}</h2>
      <p className="muted small">{t("vulnerabilities.advisories.import.explain")}</p>
      <div className="upload-fields">
        <label>
          <span>{t("vulnerabilities.advisories.import.files")}</span>
          <input
            ref={input}
            type="file"
            multiple
            accept=".json,application/json"
            disabled={running}
            onChange={(event) => setFiles([...(event.target.files ?? [])])}
          />
        </label>
        <button type="submit" className="primary" disabled={running || files.length === 0}>
          {files.length > 0
            ? tr(t, "vulnerabilities.advisories.import.submit", { count: files.length })
            : t("vulnerabilities.advisories.import.submitNone")}
        </button>
      </div>
      {total > 0 ? (
        <div className="progress">
          <div
            className="progress-bar"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={total}
            aria-valuenow={results.length}
            aria-valuetext={tr(t, "vulnerabilities.advisories.import.progress", {
              done: results.length,
              total,
            })}
          >
            <span style={{ width: `${Math.round((results.length / total) * 100)}%` }} />
          </div>
          <span className="progress-text">
            {tr(t, "vulnerabilities.advisories.import.progress", { done: results.length, total })}
          </span>
        </div>
      ) : null}
      {results.length > 0 ? (
        <ul className="import-results" aria-live="polite">
          {results.map((result, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: one entry per chosen file, in order
            <li key={index} className={result.ok ? "ok" : "failed"}>
              {result.ok ? (
                <>
                  <strong>{result.file}</strong>:{" "}
                  <Link to={advisoryLink(result.outcome.key)}>
                    {tr(t, `vulnerabilities.advisories.import.outcome.${result.outcome.outcome}`, {
                      version: result.outcome.version,
                    })}
                  </Link>
                </>
              ) : (
                <LocatedProblems
                  title={`${result.file}: ${t("vulnerabilities.advisories.import.failed")}`}
                  error={result.error}
                />
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </form>
  );
}
