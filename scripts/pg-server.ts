/**
 * `npm run db:pg`: a throwaway PostgreSQL server for development (lib/testing/pg-server.ts): prints
 * the DATABASE_URL to use and runs until Ctrl-C, which stops it and deletes its data.
 * `--print-env FILE` writes STEPWISE_TEST_PG_URL and STEPWISE_PG_DATADIR to FILE and leaves the
 * server running (.ci/run); `--stop DATADIR` stops that server and deletes its data.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { databaseUrl, findPgBin, startPgServer, stopPgServer } from "../lib/testing/pg-server";

if (process.argv[1] && /pg-server\.ts$/.test(process.argv[1])) {
  const args = process.argv.slice(2);
  if (args[0] === "--stop") {
    stopPgServer(args[1]!);
  } else {
    startPgServer().then(
      (server) => {
        if (args[0] === "--print-env") {
          writeFileSync(args[1]!, `STEPWISE_TEST_PG_URL=${server.url}\nSTEPWISE_PG_DATADIR=${server.dataDir}\n`);
          console.log(`PostgreSQL on ${server.url} (data in ${server.dataDir})`);
          return;
        }
        execFileSync(path.join(findPgBin()!, "psql"), [server.url, "-qc", "CREATE DATABASE stepwise"], { stdio: "inherit" });
        console.log(`PostgreSQL is running. In another terminal:\n\n  export DATABASE_URL=${databaseUrl(server.url, "stepwise")}\n  npm start\n\nCtrl-C stops it and deletes its data (${server.dataDir}).`);
        const stop = () => {
          server.stop();
          process.exit(0);
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
        setInterval(() => {}, 1 << 30);
      },
      (error) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  }
}
