import { defineConfig } from "vitest/config";

// End-to-end tests of the built app (dist/) in Chromium: `npm run test:e2e` builds first.
export default defineConfig({
  root: new URL("..", import.meta.url).pathname,
  test: {
    include: ["web/e2e/**/*.e2e.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
