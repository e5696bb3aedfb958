// Prints "N passed, N failed" for each Vitest / Playwright JSON report given (one line each, so
// the SQLite and PostgreSQL counts are both visible), then the sum. A missing report (its runner
// never started) is counted as one failure, so a broken pipeline never reads as green.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  const label = path.basename(file, ".json");
  if (!existsSync(file)) {
    console.log(`${label}: no report at ${file} (that runner did not finish): counted as 1 failed`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  let p = 0;
  let f = 0;
  let s = 0;
  if ("numPassedTests" in report) {
    p = report.numPassedTests;
    f = report.numFailedTests;
    s = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  } else if (report.stats) {
    p = report.stats.expected + (report.stats.flaky ?? 0);
    f = report.stats.unexpected;
    s = report.stats.skipped ?? 0;
  }
  console.log(`${label}: ${p} passed, ${f} failed, ${s} skipped`);
  passed += p;
  failed += f;
  skipped += s;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
