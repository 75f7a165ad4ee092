import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ApiError, api, call } from "../api/client";
import { ErrorMessage } from "../components/Feedback";
import { useSession } from "../session";

/** First run: create the first administrator, then sign in as them. */
export default function Setup() {
  const { t } = useTranslation();
  const { signedIn } = useSession();
  const [error, setError] = useState<ApiError>();
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const username = String(form.get("username") ?? "");
    const displayName = String(form.get("displayName") ?? "");
    const password = String(form.get("password") ?? "");
    setMismatch(password !== String(form.get("confirm") ?? ""));
    if (password !== String(form.get("confirm") ?? "")) return;
    setBusy(true);
    const created = await call(
      api.POST("/api/setup", {
        body: { username, password, ...(displayName ? { displayName } : {}) },
      }),
    );
    const login = created.ok
      ? await call(api.POST("/api/auth/login", { body: { username, password } }))
      : created;
    setBusy(false);
    if (!login.ok) return setError(login.error);
    await signedIn(login.data);
  }

  return (
    <main id="main" className="auth-page">
      <form className="card" onSubmit={submit} aria-labelledby={`${id}-title`}>
        <h1 id={`${id}-title`}>{t("setup.title")}</h1>
        <p>{t("setup.intro")}</p>
        <label>
          {t("setup.username")}
          <input name="username" autoComplete="username" required />
        </label>
        <label>
          {t("setup.displayName")}
          <input name="displayName" autoComplete="name" />
        </label>
        <label>
          {t("setup.password")}
          <input name="password" type="password" autoComplete="new-password" required />
        </label>
        <label>
          {t("setup.confirmPassword")}
          <input
            name="confirm"
            type="password"
            autoComplete="new-password"
            required
            aria-invalid={mismatch}
            aria-describedby={mismatch ? `${id}-mismatch` : undefined}
          />
        </label>
        {mismatch ? (
          <p id={`${id}-mismatch`} className="field-error" role="alert">
            {t("setup.mismatch")}
          </p>
        ) : null}
        {error ? <ErrorMessage error={error} /> : null}
        <button type="submit" className="primary" disabled={busy}>
          {t("setup.submit")}
        </button>
      </form>
    </main>
  );
}
