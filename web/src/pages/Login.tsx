import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ApiError, api, call } from "../api/client";
import { ErrorMessage } from "../components/Feedback";
import { useSession } from "../session";

export default function Login() {
  const { t } = useTranslation();
  const { signedIn } = useSession();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const login = await call(
      api.POST("/api/auth/login", {
        body: { username: String(form.get("username") ?? ""), password: String(form.get("password") ?? "") },
      }),
    );
    setBusy(false);
    if (!login.ok) {
      // The server's 401 title is generic ("sign-in required"); say what went wrong instead.
      return setError(
        login.error.status === 401 ? { ...login.error, title: t("login.failed") } : login.error,
      );
    }
    await signedIn(login.data);
  }

  return (
    <main id="main" className="auth-page">
      <form className="card" onSubmit={submit} aria-labelledby={`${id}-title`}>
        <h1 id={`${id}-title`}>{t("login.title")}</h1>
        <label>
          {t("login.username")}
          <input name="username" autoComplete="username" required />
        </label>
        <label>
          {t("login.password")}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error ? <ErrorMessage error={error} /> : null}
        <button type="submit" className="primary" disabled={busy}>
          {t("login.submit")}
        </button>
      </form>
    </main>
  );
}
