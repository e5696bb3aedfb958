import { describe, expect, it } from "vitest";
import { workerCount } from "./workers";

describe("npm start -- --workers N (scripts/workers.ts)", () => {
  it("takes --workers, else WEB_CONCURRENCY, else one process", () => {
    expect(workerCount(["node", "start.ts", "--workers", "2"], {})).toBe(2);
    expect(workerCount(["node", "start.ts", "--workers", "3"], { WEB_CONCURRENCY: "8" })).toBe(3);
    expect(workerCount(["node", "start.ts"], { WEB_CONCURRENCY: "4" })).toBe(4);
    expect(workerCount(["node", "start.ts"], {})).toBe(1);
    expect(workerCount(["node", "start.ts"], { WEB_CONCURRENCY: "" })).toBe(1);
  });

  it("refuses what is not a whole number from 1 to 64, with the value in the message", () => {
    for (const bad of ["0", "-1", "2.5", "two", "65", "1e3"]) {
      expect(() => workerCount(["node", "start.ts", "--workers", bad], {}), bad).toThrow(`not "${bad}"`);
    }
    expect(() => workerCount(["node", "start.ts", "--workers"], {})).toThrow(/whole number/);
  });
});
