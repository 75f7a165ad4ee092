import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

/**
 * The typed client of the Mamori API (types generated from the server's OpenAPI document by
 * `npm run api-types`). Cookie sessions: the browser sends the HttpOnly cookie; writes carry the
 * X-CSRF-Token that /api/auth/me and the login answer hand out.
 */
export type Me = components["schemas"]["Me"];
export type SiteSummary = components["schemas"]["SiteSummary"];
export type ProblemDetails = components["schemas"]["ProblemDetails"];

let csrfToken: string | undefined;

/** Remembers (or forgets, on logout) the token that cookie-authenticated writes must send. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken && !safeMethods.has(request.method)) request.headers.set("X-CSRF-Token", csrfToken);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: "/", credentials: "same-origin" });
api.use(csrf);

/** A failed call as a value: what the server said, in the caller's language, located by JSON pointer. */
export interface ApiError {
  status: number;
  title: string;
  detail?: string;
  /** Per-field problems: `pointer` is a JSON pointer into the request body. */
  problems: { pointer: string; message: string; severity: "error" | "warning"; code: string }[];
  /** On 409 (someone else saved first): who did it and when. */
  current?: { version: number; updatedBy: string | null; updatedAt: string };
  /** On 409 for a delete: JSON pointers of what still refers to it. */
  referrers?: string[];
  retryAfterSeconds?: number;
}

function isProblemDetails(value: unknown): value is ProblemDetails {
  return typeof value === "object" && value !== null && "title" in value && "status" in value;
}

/**
 * Turns any failure of an openapi-fetch call into an ApiError: problem details when the server sent
 * them (`application/problem+json`), otherwise the status alone. Network failures are status 0.
 */
export function toApiError(response: Response | undefined, body: unknown): ApiError {
  const status = response?.status ?? 0;
  if (isProblemDetails(body)) {
    return {
      status,
      title: body.title,
      ...(body.detail !== undefined ? { detail: body.detail } : {}),
      problems: (body.problems ?? []).map(({ pointer, message, severity, code }) => ({
        pointer,
        message,
        severity,
        code,
      })),
      ...(body.current ? { current: body.current } : {}),
      ...(body.referrers ? { referrers: body.referrers } : {}),
      ...(body.retryAfterSeconds !== undefined ? { retryAfterSeconds: body.retryAfterSeconds } : {}),
    };
  }
  return { status, title: response?.statusText ?? "", problems: [] };
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError };

/**
 * Awaits an openapi-fetch call and returns a Result, so pages handle failures as values:
 * `const r = await call(api.GET("/api/sites")); if (!r.ok) show(r.error)`.
 */
export async function call<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<Result<T>> {
  try {
    const { data, error, response } = await request;
    if (response.ok) return { ok: true, data: data as T };
    return { ok: false, error: toApiError(response, error) };
  } catch {
    return { ok: false, error: toApiError(undefined, undefined) };
  }
}
