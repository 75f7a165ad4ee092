import { afterEach, describe, expect, it } from "vitest";
import { restoreBackup, writeBackup } from "./backup.js";
import type { Database } from "./database.js";
import { type Migration, migrations } from "./migrations.js";
import { testEngines } from "./test-databases.js";

/** An advisory as published, pretty-printed: its SHA-256 is of this exact text. */
const published = '{\n  "document": {\n    "title": "Example"\n  },\n  "vulnerabilities": []\n}\n';
const importedAt = "2026-11-01T00:00:00.000Z";
const schemaVersion = (migrations.at(-1) as Migration).version;

async function insertAdvisory(db: Database) {
  await db.query(
    `insert into advisories(key, format, tracking_id, publisher, title, version, sha256, summary, imported_at)
     values ('example/ex-1', 'csaf', 'EX-1', 'example', 'Example', '1', 'abc', $1, $2)`,
    ['{ "spaced" : true }', importedAt],
  );
  await db.query(
    `insert into advisory_revisions(advisory_key, sha256, version, document, source, imported_at)
     values ('example/ex-1', 'abc', '1', $1, 'test', $2)`,
    [published, importedAt],
  );
}

const texts = (db: Database) =>
  db.query<{ summary: string; document: string }>(
    `select a.summary::text as summary, r.document::text as document
     from advisories a join advisory_revisions r on r.advisory_key = a.key`,
  );

for (const engine of testEngines) {
  describe(`backup on ${engine.name}`, () => {
    const open: { dispose(): Promise<void> }[] = [];
    afterEach(async () => {
      for (const handle of open.splice(0)) await handle.dispose();
    });
    const fresh = async () => {
      const handle = await engine.open();
      open.push(handle);
      return handle.db;
    };

    it("restores json columns with their exact text, line breaks included, one line per row", async () => {
      const source = await fresh();
      await insertAdvisory(source);
      const lines: string[] = [];
      await writeBackup(source, new Date(importedAt), (line) => {
        lines.push(line);
      });
      expect(lines.every((line) => !line.includes("\n"))).toBe(true);
      expect(JSON.parse(lines[0] as string)).toMatchObject({ formatVersion: 2, schemaVersion });
      const copy = await fresh();
      await restoreBackup(copy, lines, { replace: false });
      expect(await texts(copy)).toEqual([{ summary: '{ "spaced" : true }', document: published }]);
    });

    it("still restores a backup of format 1, whose json columns were written as parsed JSON", async () => {
      const header = {
        format: "mamori-backup",
        formatVersion: 1,
        schemaVersion,
        createdAt: importedAt,
        engine: "x",
      };
      const advisory = {
        key: "example/ex-1",
        format: "csaf",
        tracking_id: "EX-1",
        publisher: "example",
        title: "Example",
        version: "1",
        current_release_date: null,
        sha256: "abc",
        summary: { spaced: true },
        imported_at: importedAt,
        imported_by: null,
      };
      const revision = {
        advisory_key: "example/ex-1",
        sha256: "abc",
        version: "1",
        current_release_date: null,
        document: JSON.parse(published),
        source: "test",
        imported_at: importedAt,
        imported_by: null,
      };
      const copy = await fresh();
      await restoreBackup(
        copy,
        [header, { table: "advisories", row: advisory }, { table: "advisory_revisions", row: revision }].map(
          (v) => JSON.stringify(v),
        ),
        { replace: false },
      );
      const [restored] = await texts(copy);
      expect(JSON.parse(restored?.summary ?? "")).toEqual({ spaced: true });
      expect(JSON.parse(restored?.document ?? "")).toEqual(JSON.parse(published));
    });
  });
}
