#!/usr/bin/env node
import { readFileSync, writeFileSync } from "node:fs";
import { run } from "./program.js";

/** The composition root of the CLI: the real process is wired in here and nowhere else. */
try {
  process.exitCode = run(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: (path) => readFileSync(path, "utf8"),
    writeFile: (path, text) => writeFileSync(path, text),
    env: process.env,
    today: () => new Date().toISOString().slice(0, 10),
  });
} catch (error) {
  // A bug, not a user error: one line, no stack trace, and an exit code of its own.
  process.stderr.write(`mamori: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 3;
}
