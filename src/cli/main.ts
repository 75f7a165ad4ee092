#!/usr/bin/env node
import { readFileSync, writeFileSync } from "node:fs";
import { run } from "./program.js";

/** The composition root of the CLI: the real process is wired in here and nowhere else. */
function internalError(error: unknown) {
  // A bug, not a user error: one line, no stack trace, and an exit code of its own.
  process.stderr.write(`mamori: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 3;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return "";
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

try {
  const outcome = run(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: (path) => readFileSync(path, "utf8"),
    writeFile: (path, text) => writeFileSync(path, text),
    env: process.env,
    today: () => new Date().toISOString().slice(0, 10),
    cwd: () => process.cwd(),
    readStdin,
    onShutdown: (handler) => {
      process.once("SIGINT", handler);
      process.once("SIGTERM", handler);
    },
  });
  if (typeof outcome === "number") process.exitCode = outcome;
  else
    outcome.then((code) => {
      process.exitCode = code;
    }, internalError);
} catch (error) {
  internalError(error);
}
