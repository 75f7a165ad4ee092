import { type FormEvent, type ReactNode, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../api/client";
import { ErrorMessage } from "../Feedback";
import { useSiteData } from "../workspace/site-data";
import { tr } from "../workspace/text";
import {
  type Action,
  actions,
  type Case,
  type CaseChange,
  type DecisionMaker,
  type Exploitability,
  exploitabilities,
  type Justification,
  justifications,
  problemsAt,
  type Status,
  statuses,
  type WindowOccurrence,
} from "./data";
import { approverLabel } from "./parts";
import { dateOnly, dateTime, local } from "./text";

/**
 * The forms of a case, one per stage of the preventive OODA loop, and the status (VEX) editor. Each form
 * sends one PATCH through `send`, which answers the refusal (422 problems, shown in the form that caused
 * them) or nothing when it was recorded (the page then reloads the case, which resets the forms).
 */
export type Send = (change: CaseChange) => Promise<ApiError | undefined>;

function useSending(send: Send) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const run = async (change: CaseChange) => {
    setBusy(true);
    const refused = await send(change);
    setBusy(false);
    setError(refused);
  };
  return { busy, error, run };
}

function invalid(error: ApiError | undefined, pointer: string): true | undefined {
  return problemsAt(error, [pointer]).length > 0 ? true : undefined;
}

function StageForm({
  heading,
  explain,
  error,
  onSubmit,
  children,
}: {
  heading: string;
  explain: string;
  error?: ApiError;
  onSubmit(event: FormEvent): void;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <form className="stage-form" aria-labelledby={id} onSubmit={onSubmit} noValidate>
      <h2 id={id}>{heading}</h2>
      <p className="muted small">{explain}</p>
      {children}
      {error ? <ErrorMessage error={error} /> : null}
    </form>
  );
}

export function ObservePanel({ send }: { send: Send }) {
  const { t } = useTranslation();
  const { busy, error, run } = useSending(send);
  return (
    <StageForm
      heading={t("vulnerabilities.case.observe.heading")}
      explain={t("vulnerabilities.case.observe.explain")}
      error={error}
      onSubmit={(event) => {
        event.preventDefault();
        void run({ stage: "orient" });
      }}
    >
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {t("vulnerabilities.case.observe.next")}
        </button>
      </div>
    </StageForm>
  );
}

export function OrientForm({ current, send }: { current: Case; send: Send }) {
  const { t } = useTranslation();
  const id = useId();
  const [exploitability, setExploitability] = useState<Exploitability>(
    current.orientation?.exploitability ?? "unknown",
  );
  const [impact, setImpact] = useState(current.orientation?.operationalImpact ?? "");
  const [note, setNote] = useState(current.orientation?.note ?? "");
  const [advance, setAdvance] = useState(true);
  const { busy, error, run } = useSending(send);
  const orientation = {
    exploitability,
    operationalImpact: impact.trim(),
    ...(note.trim() ? { note: note.trim() } : {}),
  };
  return (
    <StageForm
      heading={t("vulnerabilities.case.orient.heading")}
      explain={t("vulnerabilities.case.orient.explain")}
      error={error}
      onSubmit={(event) => {
        event.preventDefault();
        void run(advance ? { orientation, stage: "decide" } : { orientation });
      }}
    >
      <fieldset className="field choice" aria-invalid={invalid(error, "/orientation/exploitability")}>
        <legend>{t("vulnerabilities.case.orient.exploitability")}</legend>
        {exploitabilities.map((value) => (
          <label key={value}>
            <input
              type="radio"
              name={`${id}-exploitability`}
              value={value}
              checked={exploitability === value}
              onChange={() => setExploitability(value)}
            />{" "}
            {tr(t, `vulnerabilities.exploitability.${value}`)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-impact`}>
          {t("vulnerabilities.case.orient.impact")} <span className="required">*</span>
        </label>
        <textarea
          id={`${id}-impact`}
          required
          maxLength={2000}
          value={impact}
          aria-invalid={invalid(error, "/orientation/operationalImpact") ?? invalid(error, "/orientation")}
          aria-describedby={`${id}-impact-hint`}
          onChange={(event) => setImpact(event.target.value)}
        />
        <span className="hint" id={`${id}-impact-hint`}>
          {t("vulnerabilities.case.orient.impactHint")}
        </span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-note`}>{t("vulnerabilities.case.orient.note")}</label>
        <textarea
          id={`${id}-note`}
          maxLength={4000}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy} onClick={() => setAdvance(true)}>
          {t("vulnerabilities.case.orient.saveAndNext")}
        </button>
        <button type="submit" disabled={busy} onClick={() => setAdvance(false)}>
          {t("vulnerabilities.case.orient.save")}
        </button>
      </div>
    </StageForm>
  );
}

export function decisionMakerLabel(
  maker: DecisionMaker,
  language: string,
  departmentName: (id: string) => string,
) {
  const title = local(maker.title, language, "");
  const name = maker.department ? departmentName(maker.department) : "";
  const department = name ? (language === "en" ? ` (${name})` : `（${name}）`) : "";
  const condition = maker.condition ? ` — ${local(maker.condition, language, "")}` : "";
  return `${title}${department}${condition}`;
}

export function DecideForm({
  current,
  makers,
  canApprove,
  send,
}: {
  current: Case;
  makers: DecisionMaker[];
  canApprove: boolean;
  send: Send;
}) {
  const { t, i18n } = useTranslation();
  const { site } = useSiteData();
  const id = useId();
  const recordedMaker = current.decision
    ? makers.findIndex(
        (m) =>
          local(m.title, "ja") === local(current.decision?.decisionMaker.title, "ja") &&
          m.department === current.decision?.decisionMaker.department,
      )
    : -1;
  const [action, setAction] = useState<Action | "">(current.decision?.action ?? "");
  const [rationale, setRationale] = useState(current.decision?.rationale ?? "");
  const [maker, setMaker] = useState(
    recordedMaker >= 0 ? String(recordedMaker) : makers.length === 1 ? "0" : "",
  );
  const [reviewBy, setReviewBy] = useState(current.decision?.reviewBy ?? "");
  const { busy, error, run } = useSending(send);
  const departmentName = (dep: string) =>
    local(site?.departments?.find((d) => d.id === dep)?.name, i18n.language, dep);

  return (
    <StageForm
      heading={t("vulnerabilities.case.decide.heading")}
      explain={t("vulnerabilities.case.decide.explain")}
      error={error}
      onSubmit={(event) => {
        event.preventDefault();
        if (!action || maker === "") return;
        void run({
          decision: {
            action,
            rationale: rationale.trim(),
            decisionMaker: Number(maker),
            ...(action === "accept" && reviewBy ? { reviewBy } : {}),
          },
        });
      }}
    >
      <fieldset className="field choice" aria-invalid={invalid(error, "/decision/action")}>
        <legend>
          {t("vulnerabilities.case.decide.action")} <span className="required">*</span>
        </legend>
        {actions.map((value) => (
          <label key={value}>
            <input
              type="radio"
              name={`${id}-action`}
              value={value}
              required
              checked={action === value}
              disabled={value === "accept" && !canApprove}
              aria-describedby={value === "accept" && !canApprove ? `${id}-accept-hint` : undefined}
              onChange={() => setAction(value)}
            />{" "}
            {tr(t, `vulnerabilities.action.${value}`)}
          </label>
        ))}
        {!canApprove ? (
          <span className="hint" id={`${id}-accept-hint`}>
            {t("vulnerabilities.case.decide.acceptOnlyManagement")}
          </span>
        ) : null}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-rationale`}>
          {t("vulnerabilities.case.decide.rationale")} <span className="required">*</span>
        </label>
        <textarea
          id={`${id}-rationale`}
          required
          maxLength={4000}
          value={rationale}
          aria-invalid={invalid(error, "/decision/rationale")}
          onChange={(event) => setRationale(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-maker`}>
          {t("vulnerabilities.case.decide.decisionMaker")} <span className="required">*</span>
        </label>
        {makers.length === 0 ? (
          <p className="error-title">{t("vulnerabilities.case.decide.noDecisionMakers")}</p>
        ) : (
          <select
            id={`${id}-maker`}
            required
            value={maker}
            aria-invalid={invalid(error, "/decision/decisionMaker")}
            onChange={(event) => setMaker(event.target.value)}
          >
            <option value="">{t("vulnerabilities.case.decide.chooseDecisionMaker")}</option>
            {makers.map((m, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the index is what the API takes
              <option key={index} value={String(index)}>
                {decisionMakerLabel(m, i18n.language, departmentName)}
              </option>
            ))}
          </select>
        )}
      </div>
      {action === "accept" ? (
        <div className="field">
          <label htmlFor={`${id}-review`}>{t("vulnerabilities.case.decide.reviewBy")}</label>
          <input
            id={`${id}-review`}
            type="date"
            value={reviewBy}
            aria-describedby={`${id}-review-hint`}
            aria-invalid={invalid(error, "/decision/reviewBy")}
            onChange={(event) => setReviewBy(event.target.value)}
          />
          <span className="hint" id={`${id}-review-hint`}>
            {t("vulnerabilities.case.decide.reviewByHint")}
          </span>
        </div>
      ) : null}
      <div className="form-actions">
        <button
          type="submit"
          className="primary"
          disabled={busy || !action || maker === "" || !rationale.trim()}
        >
          {action === "accept"
            ? t("vulnerabilities.case.decide.accept")
            : t("vulnerabilities.case.decide.save")}
        </button>
      </div>
    </StageForm>
  );
}

/** A wall-clock time ("2026-12-05 08:00") of an instant, in the offset of a window's local start. */
function wallClock(iso: string, localStart: string): string {
  const offset = /([+-])(\d\d):(\d\d)$/.exec(localStart);
  const minutes = offset ? (offset[1] === "-" ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
  const shifted = new Date(new Date(iso).getTime() + minutes * 60_000);
  return Number.isNaN(shifted.getTime()) ? iso : shifted.toISOString().slice(0, 16).replace("T", " ");
}

export function windowLabel(t: ReturnType<typeof useTranslation>["t"], w: WindowOccurrence): string {
  return tr(t, "vulnerabilities.case.act.windowOption", {
    name: w.name,
    start: w.localStart.slice(0, 16).replace("T", " "),
    end: wallClock(w.end, w.localStart),
  });
}

/**
 * The task of Act: an owner among the site's departments and organisations, a due date, and optionally a
 * maintenance window among the next ones of the asset's zone (choosing one sets the due date to its day).
 * In Decide it assigns the work and moves the case on; in Act it records changes (and whether it is done).
 */
export function TaskForm({
  current,
  windows,
  mode,
  send,
}: {
  current: Case;
  windows: WindowOccurrence[];
  mode: "assign" | "edit";
  send: Send;
}) {
  const { t, i18n } = useTranslation();
  const { site } = useSiteData();
  const id = useId();
  const task = current.task;
  const occurrenceKey = (w: WindowOccurrence) => `${w.id}|${w.localStart.slice(0, 10)}`;
  const savedKey = task?.window ? `${task.window}|${task.due}` : "";
  const [owner, setOwner] = useState(task?.owner ?? "");
  const [choice, setChoice] = useState(savedKey);
  const [due, setDue] = useState(task?.due ?? "");
  const [note, setNote] = useState(task?.note ?? "");
  const [done, setDone] = useState(task?.done ?? false);
  const { busy, error, run } = useSending(send);
  const departments = site?.departments ?? [];
  const organisations = site?.organisations ?? [];
  const savedWindowMissing = savedKey !== "" && !windows.some((w) => occurrenceKey(w) === savedKey);
  const windowName = (windowId: string) =>
    local(site?.maintenanceWindows?.find((w) => w.id === windowId)?.name, i18n.language, windowId);

  const chooseWindow = (key: string) => {
    setChoice(key);
    const occurrence = windows.find((w) => occurrenceKey(w) === key);
    if (occurrence) setDue(occurrence.localStart.slice(0, 10));
  };
  const windowId = choice ? choice.slice(0, choice.indexOf("|")) : "";
  const value = {
    owner,
    due,
    ...(windowId ? { window: windowId } : {}),
    ...(note.trim() ? { note: note.trim() } : {}),
    ...(mode === "edit" ? { done } : {}),
  };

  return (
    <StageForm
      heading={t("vulnerabilities.case.act.heading")}
      explain={t("vulnerabilities.case.act.explain")}
      error={error}
      onSubmit={(event) => {
        event.preventDefault();
        void run(mode === "assign" ? { task: value, stage: "act" } : { task: value });
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-owner`}>
          {t("vulnerabilities.case.act.owner")} <span className="required">*</span>
        </label>
        <select
          id={`${id}-owner`}
          required
          value={owner}
          aria-invalid={invalid(error, "/task/owner")}
          onChange={(event) => setOwner(event.target.value)}
        >
          <option value="">{t("vulnerabilities.case.act.chooseOwner")}</option>
          {departments.length ? (
            <optgroup label={t("vulnerabilities.case.act.departments")}>
              {departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {local(d.name, i18n.language, d.id)}
                </option>
              ))}
            </optgroup>
          ) : null}
          {organisations.length ? (
            <optgroup label={t("vulnerabilities.case.act.organisations")}>
              {organisations.map((o) => (
                <option key={o.id} value={o.id}>
                  {local(o.name, i18n.language, o.id)}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-window`}>{t("vulnerabilities.case.act.window")}</label>
        <select
          id={`${id}-window`}
          value={choice}
          aria-invalid={invalid(error, "/task/window")}
          aria-describedby={`${id}-window-hint`}
          onChange={(event) => chooseWindow(event.target.value)}
        >
          <option value="">{t("vulnerabilities.case.act.noWindow")}</option>
          {savedWindowMissing && task?.window ? (
            <option value={savedKey}>
              {windowName(task.window)} ({dateOnly(i18n.language, task.due)})
            </option>
          ) : null}
          {windows.map((w) => (
            <option key={occurrenceKey(w)} value={occurrenceKey(w)}>
              {windowLabel(t, w)}
            </option>
          ))}
        </select>
        <span className="hint" id={`${id}-window-hint`}>
          {windows.length === 0
            ? t("vulnerabilities.case.act.windowsNone")
            : t("vulnerabilities.case.act.dueFromWindow")}
        </span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-due`}>
          {t("vulnerabilities.case.act.due")} <span className="required">*</span>
        </label>
        <input
          id={`${id}-due`}
          type="date"
          required
          value={due}
          aria-invalid={invalid(error, "/task/due")}
          onChange={(event) => setDue(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-note`}>{t("vulnerabilities.case.act.note")}</label>
        <textarea
          id={`${id}-note`}
          maxLength={4000}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      </div>
      {mode === "edit" ? (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={done}
            aria-invalid={invalid(error, "/task/done")}
            onChange={(event) => setDone(event.target.checked)}
          />{" "}
          {t("vulnerabilities.case.act.done")}
        </label>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || !owner || !due}>
          {mode === "assign" ? t("vulnerabilities.case.act.saveAndNext") : t("vulnerabilities.case.act.save")}
        </button>
      </div>
    </StageForm>
  );
}

/** The justification of "not affected", from Mamori's vocabulary (required with that status). */
export function JustificationSelect({
  id,
  value,
  onChange,
  error,
  choices = justifications,
}: {
  id: string;
  value: Justification | "";
  onChange(value: Justification | ""): void;
  error?: ApiError;
  /** Products take fewer than a plant's cases. */
  choices?: readonly Justification[];
}) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>
        {t("vulnerabilities.case.statusEditor.justification")} <span className="required">*</span>
      </label>
      <select
        id={id}
        required
        value={value}
        aria-invalid={invalid(error, "/justification")}
        onChange={(event) => onChange(event.target.value as Justification | "")}
      >
        <option value="">{t("vulnerabilities.case.statusEditor.chooseJustification")}</option>
        {choices.map((j) => (
          <option key={j} value={j}>
            {tr(t, `vulnerabilities.justification.${j}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

const closingStatuses = ["fixed", "not-affected", "affected"] as const satisfies readonly Status[];

/** Closing from Act: the work is done; the status the case is closed with. */
export function CloseForm({ current, send }: { current: Case; send: Send }) {
  const { t } = useTranslation();
  const id = useId();
  const initial: Status =
    current.decision?.action === "mitigate"
      ? "not-affected"
      : current.decision?.action === "patch"
        ? "fixed"
        : current.status;
  const [status, setStatus] = useState<Status>(initial);
  const [justification, setJustification] = useState<Justification | "">(
    (current.justification as Justification | null) ??
      (current.decision?.action === "mitigate" ? "mitigating-control" : ""),
  );
  const { busy, error, run } = useSending(send);
  return (
    <StageForm
      heading={t("vulnerabilities.case.close.heading")}
      explain={t("vulnerabilities.case.close.explain")}
      error={error}
      onSubmit={(event) => {
        event.preventDefault();
        if (!current.task) return;
        void run({
          status,
          ...(status === "not-affected" && justification ? { justification } : {}),
          task: { ...current.task, done: true },
          stage: "closed",
        });
      }}
    >
      <StatusFields
        id={id}
        status={[status, setStatus]}
        justification={[justification, setJustification]}
        error={error}
        statusLabel={t("vulnerabilities.case.close.status")}
        statusChoices={closingStatuses}
      />
      <div className="form-actions">
        <button
          type="submit"
          className="primary"
          disabled={busy || !current.task || (status === "not-affected" && !justification)}
        >
          {t("vulnerabilities.case.close.submit")}
        </button>
      </div>
    </StageForm>
  );
}

export function ReopenForm({ send }: { send: Send }) {
  const { t } = useTranslation();
  const { busy, error, run } = useSending(send);
  return (
    <StageForm
      heading={t("vulnerabilities.case.close.heading")}
      explain={t("vulnerabilities.case.close.closed")}
      error={error}
      onSubmit={(event) => {
        event.preventDefault();
        void run({ stage: "orient" });
      }}
    >
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {t("vulnerabilities.case.close.reopen")}
        </button>
      </div>
    </StageForm>
  );
}

/**
 * Our status of the vulnerability on this asset (what VEX says): affected, under investigation, not
 * affected (with one of Mamori's justifications) or fixed. The last two may close the case from any stage.
 */
export function StatusForm({ current, send }: { current: Case; send: Send }) {
  const { t } = useTranslation();
  const id = useId();
  const [status, setStatus] = useState<Status>(current.status);
  const [justification, setJustification] = useState<Justification | "">(
    (current.justification as Justification | null) ?? "",
  );
  const [detail, setDetail] = useState(current.statusDetail ?? "");
  const [closing, setClosing] = useState(false);
  const { busy, error, run } = useSending(send);
  const closable = current.stage !== "closed" && (status === "not-affected" || status === "fixed");
  return (
    <StageForm
      heading={t("vulnerabilities.case.statusEditor.heading")}
      explain={t("vulnerabilities.case.statusEditor.explain")}
      error={error}
      onSubmit={(event) => {
        event.preventDefault();
        void run({
          status,
          ...(status === "not-affected" && justification ? { justification } : {}),
          statusDetail: detail.trim() ? detail.trim() : null,
          ...(closing && closable ? { stage: "closed" as const } : {}),
        });
      }}
    >
      <StatusFields
        id={id}
        status={[status, setStatus]}
        justification={[justification, setJustification]}
        detail={[detail, setDetail]}
        error={error}
      />
      <div className="form-actions">
        <button
          type="submit"
          disabled={busy || (status === "not-affected" && !justification)}
          onClick={() => setClosing(false)}
        >
          {t("vulnerabilities.case.statusEditor.save")}
        </button>
        {closable ? (
          <button
            type="submit"
            className="primary"
            disabled={busy || (status === "not-affected" && !justification)}
            onClick={() => setClosing(true)}
          >
            {t("vulnerabilities.case.statusEditor.saveAndClose")}
          </button>
        ) : null}
      </div>
    </StageForm>
  );
}

/**
 * Our status (VEX) as a person sets it: the status, the justification "not affected" needs (from `choices`:
 * products take fewer than a plant's cases) and a free detail. Cases and products' statuses share it.
 */
export function StatusFields({
  id,
  status: [status, setStatus],
  justification: [justification, setJustification],
  detail,
  error,
  choices,
  statusLabel,
  statusChoices = statuses,
}: {
  id: string;
  status: [Status, (value: Status) => void];
  justification: [Justification | "", (value: Justification | "") => void];
  /** Left out where the form asks for no detail (closing from Act). */
  detail?: [string, (value: string) => void];
  error: ApiError | undefined;
  choices?: readonly Justification[];
  statusLabel?: string;
  statusChoices?: readonly Status[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-status`}>{statusLabel ?? t("vulnerabilities.case.statusEditor.status")}</label>
        <select
          id={`${id}-status`}
          value={status}
          aria-invalid={invalid(error, "/status")}
          onChange={(event) => setStatus(event.target.value as Status)}
        >
          {statusChoices.map((s) => (
            <option key={s} value={s}>
              {tr(t, `vulnerabilities.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {status === "not-affected" ? (
        <JustificationSelect
          id={`${id}-justification`}
          value={justification}
          onChange={setJustification}
          error={error}
          {...(choices ? { choices } : {})}
        />
      ) : null}
      {detail ? (
        <div className="field">
          <label htmlFor={`${id}-detail`}>{t("vulnerabilities.case.statusEditor.detail")}</label>
          <textarea
            id={`${id}-detail`}
            maxLength={4000}
            value={detail[0]}
            onChange={(event) => detail[1](event.target.value)}
          />
        </div>
      ) : null}
    </>
  );
}

/** What has been recorded for each stage, for everyone (and for the stages already passed). */
export function CaseRecord({ current }: { current: Case }) {
  const { t, i18n } = useTranslation();
  const { site } = useSiteData();
  const partyName = (id: string) =>
    local(
      site?.departments?.find((d) => d.id === id)?.name ??
        site?.organisations?.find((o) => o.id === id)?.name,
      i18n.language,
      id,
    );
  const departmentName = (id: string) =>
    local(site?.departments?.find((d) => d.id === id)?.name, i18n.language, id);
  const { orientation, decision, task } = current;
  return (
    <dl className="case-record">
      <dt>{t("vulnerabilities.case.field.status")}</dt>
      <dd>
        {tr(t, `vulnerabilities.status.${current.status}`)}
        {current.justification ? ` — ${tr(t, `vulnerabilities.justification.${current.justification}`)}` : ""}
        {current.statusDetail ? <div className="muted">{current.statusDetail}</div> : null}
      </dd>
      {orientation ? (
        <>
          <dt>{t("vulnerabilities.case.field.orientation")}</dt>
          <dd>
            {tr(t, `vulnerabilities.exploitability.${orientation.exploitability}`)} —{" "}
            {orientation.operationalImpact}
            {orientation.note ? <div className="muted">{orientation.note}</div> : null}
          </dd>
        </>
      ) : null}
      {decision ? (
        <>
          <dt>{t("vulnerabilities.case.field.decision")}</dt>
          <dd>
            {tr(t, "vulnerabilities.case.decide.decided", {
              action: tr(t, `vulnerabilities.action.${decision.action}`),
              maker: decisionMakerLabel(decision.decisionMaker, i18n.language, departmentName),
              by: decision.decidedBy,
              at: dateTime(i18n.language, decision.decidedAt),
            })}
            <div>{decision.rationale}</div>
            {decision.approvedBy ? (
              <div className="muted">
                {tr(t, "vulnerabilities.case.decide.approvedBy", { by: approverLabel(decision) })}
              </div>
            ) : null}
            {decision.reviewBy ? (
              <div className="muted">
                {t("vulnerabilities.case.decide.reviewBy")}: {dateOnly(i18n.language, decision.reviewBy)}
              </div>
            ) : null}
          </dd>
        </>
      ) : null}
      {task ? (
        <>
          <dt>{t("vulnerabilities.case.field.task")}</dt>
          <dd>
            {tr(t, "vulnerabilities.case.act.task", {
              owner: partyName(task.owner),
              due: dateOnly(i18n.language, task.due),
            })}
            {task.window ? (
              <div>
                {tr(t, "vulnerabilities.case.act.inWindow", {
                  window: local(
                    site?.maintenanceWindows?.find((w) => w.id === task.window)?.name,
                    i18n.language,
                    task.window,
                  ),
                })}
              </div>
            ) : null}
            {task.note ? <div className="muted">{task.note}</div> : null}
            {task.done ? <div className="saved">✓ {t("vulnerabilities.case.act.done")}</div> : null}
          </dd>
        </>
      ) : null}
    </dl>
  );
}
