import { type FormEvent, type ReactNode, useCallback, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ApiError, api, call, type Result } from "../../api/client";
import { ErrorMessage, Loading } from "../Feedback";
import { useSiteData } from "../workspace/site-data";
import { tr } from "../workspace/text";
import { rawBody, readFileText, sbomContentType, useLoad, type VexImport } from "./data";
import { AssetLabel, assetName, LocatedProblems } from "./parts";
import { dateTime } from "./text";

/** Turns a file that cannot be read into the same shape as a refusal, so one box shows both. */
function unreadable(message: string): ApiError {
  return { status: 400, title: message, problems: [] };
}

/** Removing an SBOM, confirmed by a second button: `name` is what the SBOM belongs to (an asset, a product). */
export function SbomRemoveControls({
  name,
  remove,
  onRemoved,
}: {
  name: string;
  remove(): Promise<Result<unknown>>;
  onRemoved(): void;
}) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ApiError>();
  const confirm = async () => {
    const result = await remove();
    if (!result.ok) return setError(result.error);
    onRemoved();
  };
  return (
    <div className="form-actions">
      {confirming ? (
        <>
          <button type="button" className="danger" onClick={() => void confirm()}>
            {tr(t, "vulnerabilities.sbom.confirmRemove", { asset: name })}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t("vulnerabilities.sbom.cancel")}
          </button>
        </>
      ) : (
        <button
          type="button"
          className="danger"
          aria-label={tr(t, "vulnerabilities.sbom.removeFor", { asset: name })}
          onClick={() => setConfirming(true)}
        >
          {t("vulnerabilities.sbom.remove")}
        </button>
      )}
      {error ? <ErrorMessage error={error} /> : null}
    </div>
  );
}

function SbomRemove({ site, asset, onRemoved }: { site: string; asset: string; onRemoved(): void }) {
  const { i18n } = useTranslation();
  const { site: model } = useSiteData();
  return (
    <SbomRemoveControls
      name={assetName(model, asset, i18n.language)}
      remove={() =>
        call(api.DELETE("/api/sites/{site}/assets/{asset}/sbom", { params: { path: { site, asset } } }))
      }
      onRemoved={onRemoved}
    />
  );
}

/** What the server answers when it has stored an SBOM. */
export interface SbomStored {
  format: string;
  specVersion: string;
  components: number;
}

/**
 * The upload of one SBOM file, sent as it is (the server recognises CycloneDX or SPDX, JSON, XML or
 * tag-value, and locates what it refuses, which is shown under the form). `fields` come before the file
 * (the site's asset choice); `ready` says whether they are filled in; `put` sends the text where it belongs.
 */
export function SbomUploadForm({
  fields,
  ready = true,
  replaces,
  put,
  onStart,
  onStored,
}: {
  fields?: ReactNode;
  ready?: boolean;
  /** Said under the fields when an upload would replace an SBOM already held. */
  replaces?: string;
  put(text: string, contentType: string): Promise<Result<SbomStored>>;
  /** Called as an upload starts (to clear what the last one said). */
  onStart?(): void;
  onStored(stored: SbomStored): void;
}) {
  const { t } = useTranslation();
  const formId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ file: string; error: ApiError }>();

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    if (!file || !ready) return;
    setBusy(true);
    onStart?.();
    const text = await readFileText(file);
    if (text === undefined) {
      setBusy(false);
      return setFailure({
        file: file.name,
        error: unreadable(t("vulnerabilities.advisories.import.unreadable")),
      });
    }
    const result = await put(text, sbomContentType(text));
    setBusy(false);
    if (!result.ok) return setFailure({ file: file.name, error: result.error });
    setFailure(undefined);
    setFile(undefined);
    if (fileInput.current) fileInput.current.value = "";
    onStored(result.data);
  };

  return (
    <form className="upload-form" onSubmit={(event) => void upload(event)} aria-labelledby={`${formId}-h`}>
      <h3 id={`${formId}-h`}>{t("vulnerabilities.sbom.upload")}</h3>
      <div className="upload-fields">
        {fields}
        <label>
          <span>{t("vulnerabilities.sbom.file")}</span>
          <input
            ref={fileInput}
            type="file"
            required
            accept=".json,.xml,.spdx,.cdx,application/json,application/xml,text/xml,text/plain"
            onChange={(event) => setFile(event.target.files?.[0])}
          />
        </label>
        <button type="submit" className="primary" disabled={busy || !file || !ready}>
          {busy ? t("vulnerabilities.sbom.uploading") : t("vulnerabilities.sbom.submit")}
        </button>
      </div>
      {replaces ? <p className="muted small">{replaces}</p> : null}
      {failure ? (
        <LocatedProblems
          title={tr(t, "vulnerabilities.sbom.problems", { file: failure.file })}
          error={failure.error}
        />
      ) : null}
    </form>
  );
}

/**
 * The site's SBOMs, one per asset: the list, an upload per asset (the file is sent as it is; the server
 * recognises CycloneDX or SPDX, JSON, XML or tag-value, and locates what it refuses) and deletion.
 */
export function SbomPanel({ site, canEdit }: { site: string; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const { site: model } = useSiteData();
  const load = useCallback(
    () => call(api.GET("/api/sites/{site}/sboms", { params: { path: { site } } })),
    [site],
  );
  const { state, reload } = useLoad(load);
  const [asset, setAsset] = useState("");
  const [message, setMessage] = useState<string>();
  const assets = [...(model?.assets ?? [])].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const held = state.phase === "ready" ? state.data.items : [];
  const models = state.phase === "ready" ? state.data.models : [];

  return (
    <section aria-labelledby="sbom-heading" className="panel-section">
      <h2 id="sbom-heading">{t("vulnerabilities.sbom.heading")}</h2>
      <p className="muted small">{t("vulnerabilities.sbom.explain")}</p>
      {state.phase === "loading" ? <Loading /> : null}
      {state.phase === "failed" ? <ErrorMessage error={state.error} onRetry={reload} /> : null}
      {state.phase === "ready" && held.length === 0 && models.length === 0 ? (
        <p className="muted">{t("vulnerabilities.sbom.none")}</p>
      ) : null}
      {held.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">{t("vulnerabilities.sbom.heading")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("vulnerabilities.sbom.asset")}</th>
                <th scope="col">{t("vulnerabilities.sbom.format")}</th>
                <th scope="col">{t("vulnerabilities.sbom.name")}</th>
                <th scope="col">{t("vulnerabilities.sbom.components")}</th>
                <th scope="col">{t("vulnerabilities.sbom.importedAt")}</th>
                {canEdit ? <th scope="col">{t("vulnerabilities.sbom.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {held.map((sbom) => (
                <tr key={sbom.asset}>
                  <th scope="row">
                    <AssetLabel id={sbom.asset} />
                  </th>
                  <td>
                    {sbom.format} {sbom.specVersion}
                  </td>
                  <td>{sbom.name ?? ""}</td>
                  <td>{sbom.components}</td>
                  <td>{dateTime(i18n.language, sbom.importedAt)}</td>
                  {canEdit ? (
                    <td>
                      <SbomRemove
                        site={site}
                        asset={sbom.asset}
                        onRemoved={() => {
                          setMessage(
                            tr(t, "vulnerabilities.sbom.removed", {
                              asset: assetName(model, sbom.asset, i18n.language),
                            }),
                          );
                          reload();
                        }}
                      />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {models.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption>{t("vulnerabilities.sbom.modelUsed")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("vulnerabilities.sbom.asset")}</th>
                <th scope="col">{t("vulnerabilities.modelSbom.model")}</th>
                <th scope="col">{t("vulnerabilities.modelSbom.firmware")}</th>
                <th scope="col">{t("vulnerabilities.sbom.components")}</th>
                <th scope="col">{t("vulnerabilities.sbom.importedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {models.map((used) => (
                <tr key={used.asset}>
                  <th scope="row">
                    <AssetLabel id={used.asset} />
                  </th>
                  <td>
                    {used.vendor} {used.model}
                  </td>
                  <td>{used.version || t("vulnerabilities.modelSbom.anyFirmware")}</td>
                  <td>{used.components}</td>
                  <td>{dateTime(i18n.language, used.importedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <p role="status" className="saved">
        {message ?? ""}
      </p>
      {canEdit ? (
        <SbomUploadForm
          ready={asset !== ""}
          fields={
            <label>
              <span>{t("vulnerabilities.sbom.asset")}</span>
              <select value={asset} required onChange={(event) => setAsset(event.target.value)}>
                <option value="">{t("vulnerabilities.sbom.chooseAsset")}</option>
                {assets.map((a) => (
                  <option key={a.id} value={a.id}>
                    {assetName(model, a.id, i18n.language)} ({a.id})
                  </option>
                ))}
              </select>
            </label>
          }
          {...(asset && held.some((s) => s.asset === asset)
            ? { replaces: t("vulnerabilities.sbom.replaces") }
            : {})}
          put={(text, contentType) =>
            call(
              api.PUT("/api/sites/{site}/assets/{asset}/sbom", {
                params: { path: { site, asset } },
                ...rawBody(text, contentType),
              }),
            )
          }
          onStart={() => setMessage(undefined)}
          onStored={(stored) => {
            setMessage(
              tr(t, "vulnerabilities.sbom.uploaded", {
                asset: assetName(model, asset, i18n.language),
                format: stored.format,
                specVersion: stored.specVersion,
                components: stored.components,
              }),
            );
            reload();
          }}
        />
      ) : null}
    </section>
  );
}

/**
 * The SBOMs held per product model (vendor, model and firmware version, or any firmware): every asset of
 * the model without an SBOM of its own takes one. The list for everyone; import and deletion for an
 * administrator (the server then matches every site again).
 */
export function ModelSbomPanel({ canEdit }: { canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const load = useCallback(() => call(api.GET("/api/model-sboms")), []);
  const { state, reload } = useLoad(load);
  const [key, setKey] = useState({ vendor: "", model: "", version: "" });
  const [message, setMessage] = useState<string>();
  const held = state.phase === "ready" ? state.data.items : [];
  const label = (m: { vendor: string; model: string; version: string }) =>
    `${m.vendor} ${m.model} (${m.version || t("vulnerabilities.modelSbom.anyFirmware")})`;
  const query = { vendor: key.vendor.trim(), model: key.model.trim(), version: key.version.trim() };
  const fold = (text: string) => text.trim().toLowerCase();
  const replaces = held.some(
    (m) =>
      fold(m.vendor) === fold(query.vendor) &&
      fold(m.model) === fold(query.model) &&
      m.version === query.version,
  );
  const field = (name: keyof typeof key, required: boolean) => (
    <label>
      <span>{t(`vulnerabilities.modelSbom.${name === "version" ? "firmware" : name}`)}</span>
      <input
        value={key[name]}
        required={required}
        {...(name === "version" ? { placeholder: t("vulnerabilities.modelSbom.anyFirmware") } : {})}
        onChange={(event) => setKey({ ...key, [name]: event.target.value })}
      />
    </label>
  );

  return (
    <section aria-labelledby="model-sbom-heading" className="panel-section">
      <h2 id="model-sbom-heading">{t("vulnerabilities.modelSbom.heading")}</h2>
      <p className="muted small">{t("vulnerabilities.modelSbom.explain")}</p>
      {state.phase === "loading" ? <Loading /> : null}
      {state.phase === "failed" ? <ErrorMessage error={state.error} onRetry={reload} /> : null}
      {state.phase === "ready" && held.length === 0 ? (
        <p className="muted">{t("vulnerabilities.modelSbom.none")}</p>
      ) : null}
      {held.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">{t("vulnerabilities.modelSbom.heading")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("vulnerabilities.modelSbom.model")}</th>
                <th scope="col">{t("vulnerabilities.modelSbom.firmware")}</th>
                <th scope="col">{t("vulnerabilities.sbom.format")}</th>
                <th scope="col">{t("vulnerabilities.sbom.components")}</th>
                <th scope="col">{t("vulnerabilities.sbom.importedAt")}</th>
                {canEdit ? <th scope="col">{t("vulnerabilities.sbom.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {held.map((m) => (
                <tr key={`${m.vendor}\u0000${m.model}\u0000${m.version}`}>
                  <th scope="row">
                    {m.vendor} {m.model}
                  </th>
                  <td>{m.version || t("vulnerabilities.modelSbom.anyFirmware")}</td>
                  <td>
                    {m.format} {m.specVersion}
                  </td>
                  <td>{m.components}</td>
                  <td>{dateTime(i18n.language, m.importedAt)}</td>
                  {canEdit ? (
                    <td>
                      <SbomRemoveControls
                        name={label(m)}
                        remove={() =>
                          call(
                            api.DELETE("/api/model-sboms", {
                              params: { query: { vendor: m.vendor, model: m.model, version: m.version } },
                            }),
                          )
                        }
                        onRemoved={() => {
                          setMessage(tr(t, "vulnerabilities.sbom.removed", { asset: label(m) }));
                          reload();
                        }}
                      />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <p role="status" className="saved">
        {message ?? ""}
      </p>
      {canEdit ? (
        <SbomUploadForm
          ready={query.vendor !== "" && query.model !== ""}
          fields={
            <>
              {field("vendor", true)}
              {field("model", true)}
              {field("version", false)}
            </>
          }
          {...(replaces ? { replaces: t("vulnerabilities.modelSbom.replaces") } : {})}
          put={(text, contentType) =>
            call(api.PUT("/api/model-sboms", { params: { query }, ...rawBody(text, contentType) }))
          }
          onStart={() => setMessage(undefined)}
          onStored={(stored) => {
            setMessage(
              tr(t, "vulnerabilities.modelSbom.uploaded", {
                model: label(query),
                format: stored.format,
                specVersion: stored.specVersion,
                components: stored.components,
              }),
            );
            reload();
          }}
        />
      ) : null}
    </section>
  );
}

/**
 * The two VEX downloads (CSAF VEX, CycloneDX VEX). Fetched rather than linked: the server refuses a VEX it
 * cannot write (problems, located), and a link would only leave a failed download behind. `download` asks
 * for the document's text; `fileName` names the file saved.
 */
export function VexDownloads({
  download,
  fileName,
}: {
  download(format: "csaf" | "cyclonedx"): Promise<Result<unknown>>;
  fileName(format: "csaf" | "cyclonedx"): string;
}) {
  const { t } = useTranslation();
  const [exporting, setExporting] = useState<"csaf" | "cyclonedx">();
  const [exportError, setExportError] = useState<ApiError>();

  const save = async (format: "csaf" | "cyclonedx") => {
    setExporting(format);
    const result = await download(format);
    setExporting(undefined);
    if (!result.ok) return setExportError(result.error);
    setExportError(undefined);
    const url = URL.createObjectURL(
      new Blob([result.data as unknown as string], { type: "application/json" }),
    );
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName(format);
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };

  return (
    <>
      <div className="form-actions">
        <button type="button" disabled={exporting !== undefined} onClick={() => void save("csaf")}>
          {t("vulnerabilities.vex.csaf")}
        </button>
        <button type="button" disabled={exporting !== undefined} onClick={() => void save("cyclonedx")}>
          {t("vulnerabilities.vex.cyclonedx")}
        </button>
      </div>
      {exportError ? (
        <LocatedProblems title={t("vulnerabilities.vex.exportFailed")} error={exportError} />
      ) : null}
    </>
  );
}

/**
 * VEX: our statuses written as CSAF VEX or CycloneDX VEX (two downloads), and a vendor's or supplier's
 * VEX taken into the cases it concerns.
 */
export function VexPanel({
  site,
  canExport,
  canTreat,
  onImported,
}: {
  site: string;
  canExport: boolean;
  canTreat: boolean;
  onImported(): void;
}) {
  const { t } = useTranslation();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<VexImport>();
  const [failure, setFailure] = useState<{ file: string; error: ApiError }>();

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setOutcome(undefined);
    const text = await readFileText(file);
    if (text === undefined) {
      setBusy(false);
      return setFailure({
        file: file.name,
        error: unreadable(t("vulnerabilities.advisories.import.unreadable")),
      });
    }
    const result = await call(
      api.POST("/api/sites/{site}/vex", { params: { path: { site } }, ...rawBody(text, "application/json") }),
    );
    setBusy(false);
    if (!result.ok) return setFailure({ file: file.name, error: result.error });
    setFailure(undefined);
    setOutcome(result.data);
    setFile(undefined);
    if (fileInput.current) fileInput.current.value = "";
    onImported();
  };

  if (!canExport && !canTreat) return null;
  return (
    <section aria-labelledby="vex-heading" className="panel-section">
      <h2 id="vex-heading">{t("vulnerabilities.vex.heading")}</h2>
      {canExport ? (
        <>
          <p className="muted small">{t("vulnerabilities.vex.exportExplain")}</p>
          <VexDownloads
            download={(format) =>
              call(
                api.GET("/api/sites/{site}/vex", {
                  params: { path: { site }, query: { format } },
                  parseAs: "text",
                }),
              )
            }
            fileName={(format) => `${site}-vex.${format === "csaf" ? "csaf" : "cdx"}.json`}
          />
        </>
      ) : null}
      {canTreat ? (
        <form className="upload-form" onSubmit={(event) => void upload(event)} aria-labelledby="vex-import">
          <h3 id="vex-import">{t("vulnerabilities.vex.importHeading")}</h3>
          <p className="muted small">{t("vulnerabilities.vex.importExplain")}</p>
          <div className="upload-fields">
            <label>
              <span>{t("vulnerabilities.vex.file")}</span>
              <input
                ref={fileInput}
                type="file"
                required
                accept=".json,application/json"
                onChange={(event) => setFile(event.target.files?.[0])}
              />
            </label>
            <button type="submit" className="primary" disabled={busy || !file}>
              {busy ? t("vulnerabilities.vex.importing") : t("vulnerabilities.vex.submit")}
            </button>
          </div>
          <div role="status">
            {outcome ? (
              <>
                <p className="saved">
                  {tr(t, "vulnerabilities.vex.imported", {
                    created: outcome.created,
                    updated: outcome.updated,
                  })}
                </p>
                {outcome.unresolved.length > 0 ? (
                  <details open>
                    <summary>
                      {tr(t, "vulnerabilities.vex.unresolved", { count: outcome.unresolved.length })}
                    </summary>
                    <ul className="located">
                      {outcome.unresolved.map((u) => (
                        <li key={`${u.pointer} ${u.message}`}>
                          <code>{u.pointer}</code> {u.message}
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : null}
              </>
            ) : null}
          </div>
          {failure ? (
            <LocatedProblems
              title={tr(t, "vulnerabilities.vex.problems", { file: failure.file })}
              error={failure.error}
            />
          ) : null}
        </form>
      ) : null}
    </section>
  );
}
