import { isAbsolute, resolve } from "node:path";
import { z } from "zod";

/**
 * Server configuration, read and validated once at start from flags and environment (flags win). A bad
 * value stops the start with a message naming the setting; nothing else reads `process.env`.
 */
export const ServerConfig = z.strictObject({
  host: z.string().min(1).default("127.0.0.1"),
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  /** PGlite data directory; ignored when `databaseUrl` is set. */
  dataDir: z.string().min(1).default(".mamori"),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  /** Behind a TLS-terminating proxy: mark cookies Secure. Detected from X-Forwarded-Proto when unset. */
  secureCookies: z.enum(["auto", "always", "never"]).default("auto"),
  /** Largest request body for ordinary requests and for whole-site imports. */
  bodyLimitBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  importLimitBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024 * 1024),
  sessionHours: z.coerce.number().positive().default(12),
  /** How long a process reuses who a session or token belongs to (a revocation elsewhere takes this long). */
  principalCacheMs: z.coerce.number().int().min(0).max(60_000).default(1000),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "silent"]).default("info"),
  /** Load the demo site into an empty database (the README's quick start). */
  demo: z.boolean().default(false),
  /** Lower password-hashing cost, for tests and benchmarks only. */
  fastPasswordHashing: z.boolean().default(false),
  /** Background workers in this process (0 leaves jobs to other processes). */
  workers: z.coerce.number().int().min(0).max(8).default(1),
});
export type ServerConfig = z.infer<typeof ServerConfig>;

export interface ConfigSources {
  flags: Record<string, unknown>;
  env: Record<string, string | undefined>;
  cwd: string;
}

export function readServerConfig({ flags, env, cwd }: ConfigSources): {
  config?: ServerConfig;
  problems: string[];
} {
  const fromEnv: Record<string, unknown> = {
    host: env.MAMORI_HOST,
    port: env.MAMORI_PORT,
    dataDir: env.MAMORI_DATA_DIR,
    databaseUrl: env.MAMORI_DATABASE_URL,
    secureCookies: env.MAMORI_SECURE_COOKIES,
    logLevel: env.MAMORI_LOG_LEVEL,
  };
  const merged: Record<string, unknown> = {};
  for (const [key, value] of [...Object.entries(fromEnv), ...Object.entries(flags)]) {
    if (value !== undefined && value !== "") merged[key] = value;
  }
  const parsed = ServerConfig.safeParse(merged);
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) };
  }
  const config = parsed.data;
  if (!isAbsolute(config.dataDir)) config.dataDir = resolve(cwd, config.dataDir);
  return { config, problems: [] };
}
