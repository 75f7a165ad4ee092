import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Database, openDatabase } from "./database.js";
import { type Failure, Refusal } from "./failure.js";
import { migrate } from "./migrations.js";

/**
 * The engines a shared suite runs on: PGlite always; PostgreSQL when MAMORI_TEST_DATABASE_URL names a
 * server (CI sets it, so a missing server fails the run instead of skipping it). Each test database is
 * new and dropped afterwards.
 */
export interface TestEngine {
  name: "pglite" | "postgres";
  /** A new database, migrated to the newest schema unless `migrated: false`. */
  open(options?: { migrated?: boolean }): Promise<{ db: Database; url?: string; dispose(): Promise<void> }>;
}

export const postgresUrl = process.env.MAMORI_TEST_DATABASE_URL;

export const testEngines: TestEngine[] = [
  {
    name: "pglite",
    async open(options = {}) {
      const db = await openDatabase({});
      if (options.migrated !== false) await migrate(db);
      return { db, dispose: () => db.close() };
    },
  },
  ...(postgresUrl
    ? [
        {
          name: "postgres" as const,
          async open(options: { migrated?: boolean } = {}) {
            const url = await createTestDatabase(postgresUrl);
            const db = await openDatabase({ url, poolSize: 10 });
            if (options.migrated !== false) await migrate(db);
            return {
              db,
              url,
              async dispose() {
                await db.close();
                await dropTestDatabase(postgresUrl, url);
              },
            };
          },
        },
      ]
    : []),
];

export async function createTestDatabase(serverUrl: string): Promise<string> {
  const name = `mamori_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropTestDatabase(serverUrl: string, url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/^mamori_test_[0-9a-f]+$/.test(name)) throw new Error(`refusing to drop ${name}`);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

/** The failure a store refused with; fails the test when the promise resolves or throws anything else. */
export async function refusal(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Refusal) return error.failure;
    throw error;
  }
  throw new Error("expected a refusal");
}
