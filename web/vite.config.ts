import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `vite build web` writes the single-page app to dist/web, which `mamori serve` mounts (src/server/web-assets.ts).
// `vite web` serves it with the API proxied to a `mamori serve` on port 8080.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
});
