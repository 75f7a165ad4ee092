import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { createApp } from "../api/app.js";
import type { ServerConfig } from "./config.js";
import { createServices, type Services } from "./services.js";
import { webAssets } from "./web-assets.js";

export interface RunningServer {
  url: string;
  services: Services;
  /** Stops accepting connections, lets in-flight requests finish, then stops jobs and the database. */
  close(): Promise<void>;
}

export function createLogger(config: ServerConfig) {
  return pino({
    level: config.logLevel,
    base: { service: "mamori" },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

export async function startServer(config: ServerConfig, services?: Services): Promise<RunningServer> {
  const ready = services ?? (await createServices({ config, logger: createLogger(config) }));
  const app = createApp(ready, {
    extend: webAssets(),
    clientAddress: (c) => {
      const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
        ?.incoming;
      return incoming?.socket?.remoteAddress ?? "unknown";
    },
  });
  // Handlers still running, including those whose client has gone away: the connection is closed but the
  // handler may be between its commit and its job's enqueue, so shutdown waits for them, not for sockets.
  const inFlight = new Set<Promise<unknown>>();
  const fetch: typeof app.fetch = (request, env, context) => {
    const answer = Promise.resolve(app.fetch(request, env, context));
    inFlight.add(answer);
    const settled = () => inFlight.delete(answer);
    answer.then(settled, settled);
    return answer;
  };
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const instance = serve({ fetch, hostname: config.host, port: config.port }, () => resolve(instance));
    instance.once("error", reject);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  ready.logger.info({ url, engine: ready.db.engine }, "listening");
  let closing: Promise<void> | undefined;
  return {
    url,
    services: ready,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Idle keep-alive connections would hold close() open; busy ones finish their request first.
          (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        });
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        await ready.close();
      })();
      return closing;
    },
  };
}
