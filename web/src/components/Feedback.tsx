import { useTranslation } from "react-i18next";
import type { ApiError } from "../api/client";

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t("app.loading")}
    </p>
  );
}

/** A failed call as the server described it (title and located problems), or "cannot reach the server". */
export function ErrorMessage({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="error" role="alert">
      <p className="error-title">
        {error.status === 0 ? t("errors.network") : error.title || t("errors.title")}
      </p>
      {error.detail ? <p>{error.detail}</p> : null}
      {error.problems.length > 0 ? (
        <ul>
          {error.problems.map((problem) => (
            <li key={`${problem.pointer} ${problem.code}`}>{problem.message}</li>
          ))}
        </ul>
      ) : null}
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          {t("app.retry")}
        </button>
      ) : null}
    </div>
  );
}
