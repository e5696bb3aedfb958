/**
 * What the scripts that drive real `next start` servers share (bench-http.ts, two-servers.ts):
 * finding a server action's id in a build, and waiting for a server to answer.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The id a browser sends in `Next-Action` for the server action exported as `name`, read from the
 * build's `server/server-reference-manifest.json` under `distDir` (absolute, or relative to the
 * working directory). Throws when the build has no such action.
 */
export function serverActionId(distDir: string, name: string): string {
  const manifest = JSON.parse(readFileSync(path.join(distDir, "server", "server-reference-manifest.json"), "utf8")) as { node: Record<string, { exportedName?: string }> };
  const found = Object.entries(manifest.node).find(([, v]) => v.exportedName === name);
  if (!found) throw new Error(`no server action ${name} in ${distDir}`);
  return found[0];
}

/** Resolves once `url` answers below 500; throws after `ms` milliseconds (polls every 250 ms). */
export async function waitForServer(url: string, ms = 90_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up`);
}
