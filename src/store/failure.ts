import type { Problem } from "../model/problems.js";

/**
 * What a user can cause, as values. Stores and services throw a `Refusal` carrying one (so that the
 * surrounding transaction rolls back); exactly one place per surface turns it into output: `api/errors.ts`
 * for HTTP, the CLI's reporter for the terminal.
 */
export type Failure =
  | { kind: "invalid"; problems: Problem[] }
  | { kind: "semantic"; problems: Problem[] }
  | { kind: "unauthenticated" }
  | { kind: "forbidden"; reason: string }
  | { kind: "not-found"; subject: string }
  | { kind: "exists"; subject: string }
  | { kind: "stale"; subject: string; current: Revision }
  | { kind: "precondition-required"; subject: string }
  | { kind: "referenced"; subject: string; referrers: string[] }
  | { kind: "too-large"; limitBytes: number }
  | { kind: "unsupported-media-type" }
  | { kind: "rate-limited"; retryAfterSeconds: number }
  | { kind: "setup-done" };

/** Who changed a record last, so a conflict can say "changed by X at 10:42". */
export interface Revision {
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

export class Refusal extends Error {
  constructor(readonly failure: Failure) {
    super(failure.kind);
    this.name = "Refusal";
  }
}

export function refuse(failure: Failure): never {
  throw new Refusal(failure);
}
