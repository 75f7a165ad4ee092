import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { type Language, translator } from "../i18n/index.js";
import { jsonPointer, type Problem, problem } from "../model/problems.js";
import { type Failure, Refusal } from "../store/failure.js";

/**
 * The one place where failures become HTTP responses: RFC 9457 problem details, with a JSON pointer and
 * a sentence in the caller's language for each problem. Anything that is not a known failure is a 500
 * whose details stay in the log.
 */
export const ProblemItem = z.object({
  pointer: z.string(),
  code: z.string(),
  severity: z.enum(["error", "warning"]),
  message: z.string(),
  params: z.record(z.string(), z.unknown()),
});

export const Revision = z.object({
  version: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});

export const ProblemDetails = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    problems: z.array(ProblemItem).optional(),
    current: Revision.optional().describe("On 409: the version that is stored now, and who wrote it"),
    referrers: z
      .array(z.string())
      .optional()
      .describe("On 409 for a delete: JSON pointers of what refers to it"),
    retryAfterSeconds: z.number().optional(),
  })
  .openapi("ProblemDetails");

export type ProblemDetails = z.infer<typeof ProblemDetails>;

export function renderProblems(problems: readonly Problem[], lang: Language): z.infer<typeof ProblemItem>[] {
  const { problem } = translator(lang);
  return problems.map((p) => ({
    pointer: jsonPointer(p.path),
    code: p.code,
    severity: p.severity,
    message: problem(p),
    params: p.params as Record<string, unknown>,
  }));
}

const statusOf: Record<Failure["kind"], number> = {
  invalid: 400,
  semantic: 422,
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  exists: 409,
  stale: 409,
  referenced: 409,
  "precondition-required": 428,
  "too-large": 413,
  "unsupported-media-type": 415,
  "rate-limited": 429,
  "setup-done": 409,
};

const titles: Record<Failure["kind"], { ja: string; en: string }> = {
  invalid: { ja: "リクエストの内容が正しくありません", en: "The request is not valid" },
  semantic: { ja: "モデルとして矛盾があります", en: "The change would make the model inconsistent" },
  unauthenticated: { ja: "ログインが必要です", en: "Sign-in required" },
  forbidden: { ja: "この操作の権限がありません", en: "Not permitted" },
  "not-found": { ja: "見つかりません", en: "Not found" },
  exists: { ja: "既に存在します", en: "Already exists" },
  stale: { ja: "他の人が先に変更しました", en: "Changed by someone else since you loaded it" },
  referenced: { ja: "他の項目から参照されているため削除できません", en: "Still referred to; not deleted" },
  "precondition-required": {
    ja: "If-Match ヘッダ（読み込んだ版）が必要です",
    en: "If-Match (the version you read) is required",
  },
  "too-large": { ja: "リクエストが大きすぎます", en: "Request too large" },
  "unsupported-media-type": {
    ja: "この形式（Content-Type）の本文は受け付けません",
    en: "The body's Content-Type is not accepted here",
  },
  "rate-limited": { ja: "試行が多すぎます。しばらく待ってください", en: "Too many attempts; wait a moment" },
  "setup-done": { ja: "初期設定は完了しています", en: "Setup is already done" },
};

export function failureResponse(failure: Failure, lang: Language): { status: number; body: ProblemDetails } {
  const status = statusOf[failure.kind];
  const body: ProblemDetails = {
    type: `https://mamori.dev/problems/${failure.kind}`,
    title: titles[failure.kind][lang],
    status,
  };
  switch (failure.kind) {
    case "invalid":
    case "semantic":
      body.problems = renderProblems(failure.problems, lang);
      break;
    case "stale":
      body.current = failure.current;
      body.detail = failure.subject;
      break;
    case "referenced":
      body.referrers = failure.referrers;
      body.detail = failure.subject;
      break;
    case "not-found":
    case "exists":
    case "precondition-required":
      body.detail = failure.subject;
      break;
    case "forbidden":
      body.detail = failure.reason;
      break;
    case "too-large":
      body.detail = `limit ${failure.limitBytes} bytes`;
      break;
    case "rate-limited":
      body.retryAfterSeconds = failure.retryAfterSeconds;
      break;
  }
  return { status, body };
}

export function respondFailure(c: Context, failure: Failure, lang: Language): Response {
  const { status, body } = failureResponse(failure, lang);
  const headers: Record<string, string> = { "content-type": "application/problem+json" };
  if (failure.kind === "rate-limited") headers["retry-after"] = String(failure.retryAfterSeconds);
  if (failure.kind === "unauthenticated") headers["www-authenticate"] = 'Bearer realm="mamori"';
  return c.body(JSON.stringify(body), status as 400, headers);
}

/**
 * Where a value (a parsed body, query parameters) holds a NUL character, which PostgreSQL cannot store
 * in text: the first one, located, so the request is refused as invalid instead of failing in a query.
 */
export function nulProblems(value: unknown, path: (string | number)[] = []): Problem[] {
  const at = (text: string, where: (string | number)[]) =>
    text.includes("\0")
      ? [problem("format", where, { value: text.replaceAll("\0", "\\0"), format: "pattern" })]
      : [];
  if (typeof value === "string") return at(value, path);
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : value !== null && typeof value === "object"
      ? Object.entries(value)
      : [];
  for (const [key, item] of entries) {
    const found = [
      ...(typeof key === "string" ? at(key, [...path, key]) : []),
      ...nulProblems(item, [...path, key]),
    ];
    if (found.length) return found.slice(0, 1);
  }
  return [];
}

/** Errors thrown by Hono itself (malformed JSON, body limit) and by stores, as failures. */
export function failureOf(error: unknown): Failure | undefined {
  if (error instanceof Refusal) return error.failure;
  if (error instanceof HTTPException) {
    if (error.status === 413) return { kind: "too-large", limitBytes: 0 };
    if (error.status === 415) return { kind: "unsupported-media-type" };
    if (error.status === 400)
      return {
        kind: "invalid",
        problems: [
          {
            severity: "error",
            code: "syntax",
            path: [],
            params: { message: error.message, detail: error.message, reason: "other" },
          },
        ],
      };
    if (error.status === 401) return { kind: "unauthenticated" };
    if (error.status === 403) return { kind: "forbidden", reason: error.message };
    if (error.status === 404) return { kind: "not-found", subject: error.message };
  }
  return undefined;
}
