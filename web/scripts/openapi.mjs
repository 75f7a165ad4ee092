// Writes the server's OpenAPI document (from the built server in dist/) to the file named on the command
// line, using an in-memory PGlite database: no port, no data directory. `npm run api-types` runs it.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pino } from "pino";
import { createApp } from "../../dist/api/app.js";
import { ServerConfig } from "../../dist/server/config.js";
import { createServices } from "../../dist/server/services.js";
import { openDatabase } from "../../dist/store/database.js";
import { migrate } from "../../dist/store/migrations.js";

const output = resolve(process.argv[2] ?? "artifacts/openapi.json");
const db = await openDatabase({});
await migrate(db);
const config = ServerConfig.parse({ logLevel: "silent", workers: 0 });
const services = await createServices({ config, logger: pino({ level: "silent" }), db, pollJobs: false });
try {
  const response = await createApp(services).request("/api/openapi.json");
  if (!response.ok) throw new Error(`GET /api/openapi.json answered ${response.status}`);
  const document = await response.json();
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, `${JSON.stringify(document, null, 2)}\n`);
} finally {
  await services.close();
}
