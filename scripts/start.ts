/**
 * `npm start`: migrate, seed an empty database, build when there is no build, then serve.
 * The server runs in its own process group so that stopping this script stops it too.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { prepareDatabase } from "./prepare-db";
import { startMode } from "./start-mode";
import { parseEnv } from "../lib/platform/env";
import { serveWithWorkers, workerCount } from "./workers";

async function main() {
  // Without SESSION_SECRET, `npm start` is the local demo (production build over plain http,
  // development secret): allowed, but announced loudly, and refused if NODE_ENV=production was set.
  const mode = startMode(process.env);
  let workers: number;
  try {
    workers = workerCount(process.argv.slice(2), process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  if (mode.kind === "refuse") {
    console.error(mode.message);
    process.exit(1);
  }
  if (mode.kind === "demo") console.warn(mode.warning);
  process.env.STEPWISE_INSECURE_DEV_DEFAULTS = mode.kind === "demo" ? "1" : "0";
  const config = parseEnv({ ...process.env, NODE_ENV: "production" });
  await prepareDatabase(config.databaseUrl);

  const nextBin = require.resolve("next/dist/bin/next");
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  if (!existsSync(path.join(distDir, "BUILD_ID"))) {
    console.log("No production build found: running next build (about 30 s)…");
    const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit" });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }

  console.log(`Stepwise on http://localhost:${config.port}  (demo logins in README.md)${mode.kind === "demo" ? "; demo mode listens on 127.0.0.1 only" : ""}`);
  if (mode.kind === "demo") console.warn("(insecure local demo mode: see the warning above)");
  // The demo (published passwords, a dev outbox of reset links) listens on this machine only;
  // a real deployment (SESSION_SECRET set) listens on every interface, behind its proxy.
  const host = mode.kind === "demo" ? ["-H", "127.0.0.1"] : [];
  const args = ["start", "-p", String(config.port), ...host];
  if (workers > 1) {
    console.log(`${workers} worker processes share the port (docs/decisions/012)`);
    serveWithWorkers(nextBin, args, workers);
    return;
  }
  const server = spawn(process.execPath, [nextBin, ...args], { stdio: "inherit" });
  const stop = () => server.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  server.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
