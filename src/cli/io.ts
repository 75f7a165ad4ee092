import type { Language } from "../i18n/index.js";

/**
 * What a command may touch. main.ts wires the real process in; tests pass their own, so every command
 * runs in-process without spawning.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): string;
  writeFile(path: string, text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Today's date (YYYY-MM-DD): the surfaces own the clock, the core is given the date. */
  today(): string;
  /** For the server commands: the working directory, piped standard input, and the stop signal. */
  cwd?(): string;
  readStdin?(): Promise<string>;
  onShutdown?(handler: () => void): void;
}

/** Exit codes, documented in the README: the same meaning in every command. */
export const exitCodes = {
  ok: 0,
  /** Findings or a failed gate (e.g. warnings under --strict). */
  findings: 1,
  /** Invalid input or wrong usage. */
  invalid: 2,
} as const;
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

export type OutputFormat = "text" | "json";

export interface CommandContext {
  io: CliIo;
  lang: Language;
  format: OutputFormat;
}

/** Thrown only to unwind to the single place in program.ts that turns it into an exit code. */
export class CliExit extends Error {
  constructor(readonly code: ExitCode) {
    super(`exit ${code}`);
  }
}
