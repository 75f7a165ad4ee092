import type { Database, Queryable } from "./database.js";

/**
 * A job queue in the database, so several server processes share one queue and a job runs once: a worker
 * claims the oldest ready job with `for update skip locked`, which lets concurrent claimers pass each other
 * without waiting or taking the same row. A claim expires (`locked_until`) so a job whose process died is
 * taken up again. pg-boss does this too, but its current releases need Node 22 and a pool of connections;
 * PGlite has one connection, and this is the same ~100 lines on both engines.
 */
/** Analysing a site, then matching it (priorities read the report); payload `{ site }`, one queued per site. */
export const siteAnalysisJob = "analyse";
/** Matching a site's inventory against the advisories; payload `{ site }`, one queued per site. */
export const siteMatchJob = "match";
/** Matching an IoT product and its SBOM against the advisories; payload `{ product }`, one queued per product. */
export const productMatchJob = "product-match";

export interface Job {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
}

export interface JobRecord extends Job {
  status: "queued" | "running" | "done" | "failed";
  result: unknown;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export type JobHandler = (job: Job) => Promise<unknown>;

export interface EnqueueOptions {
  /** At most one queued job per key: enqueueing again while one waits returns the waiting one. */
  dedupeKey?: string;
  maxAttempts?: number;
}

export async function enqueue(
  q: Queryable,
  kind: string,
  payload: Record<string, unknown>,
  now: Date,
  options: EnqueueOptions = {},
): Promise<number> {
  const rows = await q.query<{ id: number }>(
    `insert into jobs(kind, payload, dedupe_key, max_attempts, run_after, created_at) values ($1, $2, $3, $4, $5, $5)
     on conflict (dedupe_key) where status = 'queued' do update set payload = excluded.payload
     returning id`,
    [kind, JSON.stringify(payload), options.dedupeKey ?? null, options.maxAttempts ?? 3, now.toISOString()],
  );
  return rows[0]?.id ?? 0;
}

export async function getJob(db: Queryable, id: number): Promise<JobRecord | undefined> {
  const [row] = await db.query<{
    id: number;
    kind: string;
    payload: Record<string, unknown>;
    attempts: number;
    status: JobRecord["status"];
    result: unknown;
    error: string | null;
    created_at: Date;
    finished_at: Date | null;
  }>(
    "select id, kind, payload, attempts, status, result, error, created_at, finished_at from jobs where id = $1",
    [id],
  );
  if (!row) return undefined;
  return {
    id: row.id,
    kind: row.kind,
    payload: row.payload,
    attempts: row.attempts,
    status: row.status,
    result: row.result,
    error: row.error,
    createdAt: new Date(row.created_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}

export interface WorkerOptions {
  workerId: string;
  clock: () => Date;
  handlers: Record<string, JobHandler>;
  /** How long a claim holds before another worker may retry the job. */
  leaseMs?: number;
  pollMs?: number;
  onError?: (job: Job, error: unknown) => void;
}

export interface Worker {
  /** Look for work now (after an enqueue in this process) instead of at the next poll. */
  nudge(): void;
  /** Runs ready jobs until none is left; for tests and the CLI. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

export function startWorker(db: Database, options: WorkerOptions, autoPoll = true): Worker {
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 1000;
  let stopped = false;
  let running: Promise<number> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let again = false;

  async function claim(): Promise<Job | undefined> {
    const now = options.clock();
    const [row] = await db.query<Job>(
      `update jobs set status = 'running', attempts = attempts + 1, locked_by = $1, locked_until = $2
       where id = (
         select id from jobs
         where kind = any($3) and ((status = 'queued' and run_after <= $4) or (status = 'running' and locked_until < $4))
         order by id for update skip locked limit 1)
       returning id, kind, payload, attempts`,
      [
        options.workerId,
        new Date(now.getTime() + leaseMs).toISOString(),
        Object.keys(options.handlers),
        now.toISOString(),
      ],
    );
    return row;
  }

  async function finish(job: Job, outcome: { result?: unknown; error?: string }) {
    const now = options.clock();
    if (outcome.error === undefined) {
      await db.query(
        "update jobs set status = 'done', result = $3, finished_at = $4, locked_by = null, locked_until = null where id = $1 and locked_by = $2",
        [job.id, options.workerId, JSON.stringify(outcome.result ?? null), now.toISOString()],
      );
    } else {
      // Back off 2^attempts seconds; give up after max_attempts.
      await db.query(
        `update jobs set status = case when attempts >= max_attempts then 'failed' else 'queued' end,
           error = $3, run_after = $4::timestamptz + make_interval(secs => power(2, attempts)),
           finished_at = case when attempts >= max_attempts then $4::timestamptz else null end,
           locked_by = null, locked_until = null
         where id = $1 and locked_by = $2`,
        [job.id, options.workerId, outcome.error, now.toISOString()],
      );
    }
  }

  async function runReady(): Promise<number> {
    let count = 0;
    for (;;) {
      if (stopped) return count;
      const job = await claim();
      if (!job) return count;
      const handler = options.handlers[job.kind];
      try {
        const result = await (handler as JobHandler)(job);
        await finish(job, { result });
      } catch (error) {
        options.onError?.(job, error);
        await finish(job, { error: error instanceof Error ? error.message : String(error) });
      }
      count++;
    }
  }

  function tick(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = runReady()
      .catch((error) => {
        options.onError?.({ id: 0, kind: "claim", payload: {}, attempts: 0 }, error);
        return 0;
      })
      .finally(() => {
        running = undefined;
        if (again && !stopped) {
          again = false;
          void tick();
        }
      });
    return running;
  }

  function schedule() {
    if (stopped || !autoPoll) return;
    timer = setTimeout(() => {
      void tick().finally(schedule);
    }, pollMs);
    timer.unref();
  }
  schedule();

  return {
    nudge() {
      if (autoPoll) void tick();
    },
    async drain() {
      let total = 0;
      for (;;) {
        if (running) await running;
        const count = await tick();
        total += count;
        if (count === 0 && !running) return total;
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running;
    },
  };
}
