import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "./database.js";
import { createTestDatabase, dropTestDatabase, postgresUrl } from "./test-databases.js";

describe.runIf(postgresUrl)("PostgreSQL statements", () => {
  let url: string;
  let db: Database;
  beforeAll(async () => {
    url = await createTestDatabase(postgresUrl as string);
    // One connection, so the session that prepared a statement is the one asked about it.
    db = await openDatabase({ url, poolSize: 1 });
  });
  afterAll(async () => {
    await db.close();
    await dropTestDatabase(postgresUrl as string, url);
  });

  it("prepares each parameterised statement once per connection and gives the same answers", async () => {
    const sql = "select $1::int + 1 as next";
    expect(await db.query(sql, [1])).toEqual([{ next: 2 }]);
    expect(await db.query(sql, [41])).toEqual([{ next: 42 }]);
    const prepared = await db.query<{ statement: string }>(
      "select statement from pg_prepared_statements where statement = $1",
      [sql],
    );
    expect(prepared).toEqual([{ statement: sql }]);
    // Statements without parameters (scripts, DDL) are never prepared.
    await db.query("select 1 as one");
    expect(
      await db.query("select count(*)::int as n from pg_prepared_statements where statement = $1", [
        "select 1 as one",
      ]),
    ).toEqual([{ n: 0 }]);
    // The same text in a transaction (another pooled client in general) is prepared there too.
    expect(await db.transaction((tx) => tx.query(sql, [2]))).toEqual([{ next: 3 }]);
  });
});

describe("PGlite under a queue of statements", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({});
  });
  afterAll(() => db.close());

  it("lets the event loop take turns while queued statements and transactions are worked off", async () => {
    // What a server needs in between: accepting connections, reading requests. Counted as event-loop
    // turns that happen before the last queued statement settles.
    let turns = 0;
    let settled = false;
    const turn = () => {
      if (settled) return;
      turns += 1;
      setImmediate(turn);
    };
    setImmediate(turn);
    const work = Array.from({ length: 200 }, (_, i) =>
      i % 10 === 0 ? db.transaction((tx) => tx.query("select $1::int as n", [i])) : db.query("select 1"),
    );
    await Promise.all(work);
    settled = true;
    expect(turns).toBeGreaterThanOrEqual(100);
  });
});
