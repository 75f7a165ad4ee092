import { type ApiError, api, call, type Result } from "../../api/client";

/**
 * The collection endpoints are the same for every collection of the site model; openapi-fetch types them
 * one path at a time, so the generic table and form call them through this untyped view of the same
 * client (same CSRF middleware, same problem-details errors).
 */
type Init = {
  params?: { path?: Record<string, string>; query?: Record<string, unknown> };
  body?: unknown;
  headers?: Record<string, string>;
  parseAs?: "json" | "text";
};
type Call = (path: string, init?: Init) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
const untyped = api as unknown as { GET: Call; POST: Call; PUT: Call; PATCH: Call; DELETE: Call };

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export function request<T>(method: Method, path: string, init?: Init): Promise<Result<T>> {
  return call(untyped[method](path, init)) as Promise<Result<T>>;
}

export function ifMatch(version: number): Record<string, string> {
  return { "If-Match": `"${version}"` };
}

export interface Revision {
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

export interface Envelope<T = Record<string, unknown>> {
  data: T;
  revision: Revision;
}

export interface Page<T = Record<string, unknown>> {
  total: number;
  offset: number;
  limit: number;
  items: Envelope<T>[];
}

export type { ApiError, Result };

/** For answers whose failure body is not problem details (the asset import's 422 outcome). */
export async function requestRaw<T>(
  method: Method,
  path: string,
  init?: Init,
): Promise<{ status: number; body: T | undefined }> {
  try {
    const { data, error, response } = await untyped[method](path, init);
    return { status: response.status, body: (response.ok ? data : error) as T | undefined };
  } catch {
    return { status: 0, body: undefined };
  }
}
