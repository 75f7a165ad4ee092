import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Property tests run many cases; the default 5 s is tight on a 2-core machine.
    testTimeout: 60_000,
    // Opening a database (PGlite's WebAssembly start, a fresh PostgreSQL database) and seeding it.
    hookTimeout: 120_000,
  },
});
