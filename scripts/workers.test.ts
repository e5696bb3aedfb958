import { describe, expect, it } from "vitest";
import { workerCount } from "./workers";

describe("npm start -- --workers N (scripts/workers.ts)", () => {
  it("takes --workers, else WEB_CONCURRENCY, else one process", () => {
    expect(workerCount(["node", "start.ts", "--workers", "2"], {})).toBe(2);
    expect(workerCount(["node", "start.ts", "--workers", "3"], { WEB_CONCURRENCY: "8" })).toBe(3);
    expect(workerCount(["node", "start.ts"], { WEB_CONCURRENCY: "4" })).toBe(4);
    expect(workerCount(["node", "start.ts"], {})).toBe(1);
    expect(workerCount(["node", "start.ts"], { WEB_CONCURRENCY: "" })).toBe(1);
    expect(workerCount(["node", "start.ts", "--workers=3"], {})).toBe(3);
  });

  it("refuses a misspelt option instead of starting one process, and names the variable it read", () => {
    expect(() => workerCount(["node", "start.ts", "--worker", "2"], {})).toThrow("unknown option --worker");
    expect(() => workerCount(["node", "start.ts", "-w", "2"], {})).toThrow("unknown option -w");
    expect(() => workerCount(["node", "start.ts"], { WEB_CONCURRENCY: "abc" })).toThrow('WEB_CONCURRENCY must be a whole number from 1 to 64, not "abc"');
    expect(() => workerCount(["node", "start.ts", "--workers=0"], {})).toThrow('--workers must be a whole number from 1 to 64, not "0"');
  });

  it("refuses what is not a whole number from 1 to 64, with the value in the message", () => {
    for (const bad of ["0", "-1", "2.5", "two", "65", "1e3"]) {
      expect(() => workerCount(["node", "start.ts", "--workers", bad], {}), bad).toThrow(`not "${bad}"`);
    }
    expect(() => workerCount(["node", "start.ts", "--workers"], {})).toThrow(/whole number/);
  });
});
