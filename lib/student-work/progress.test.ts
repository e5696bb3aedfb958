import { describe, expect, it } from "vitest";
import { exerciseStatus, nextExercise, statusLabel } from "./progress";

const now = new Date("2026-03-10T12:00:00Z");
const hours = (h: number) => new Date(now.getTime() + h * 3600 * 1000);
const row = (over: Partial<Parameters<typeof exerciseStatus>[0]> = {}) => ({ stepCount: 3, stepsSolved: 0, started: false, lateSteps: 0, dueAt: null, ...over });

describe("exerciseStatus (issue 17 item 3)", () => {
  it("new, in progress and complete", () => {
    expect(exerciseStatus(row(), now)).toEqual({ progress: "new", due: null });
    expect(exerciseStatus(row({ started: true }), now)).toEqual({ progress: "in-progress", due: null });
    expect(exerciseStatus(row({ started: true, stepsSolved: 3 }), now)).toEqual({ progress: "complete", due: null });
    // An exercise without steps is never complete.
    expect(exerciseStatus(row({ stepCount: 0 }), now).progress).toBe("new");
  });

  it("overdue when the due date passed and it is not complete, due soon within 48 hours, late when completed after it", () => {
    expect(exerciseStatus(row({ dueAt: hours(-1) }), now).due).toBe("overdue");
    expect(exerciseStatus(row({ dueAt: hours(0) }), now).due).toBe("overdue");
    expect(exerciseStatus(row({ started: true, dueAt: hours(47) }), now).due).toBe("due-soon");
    expect(exerciseStatus(row({ dueAt: hours(49) }), now).due).toBeNull();
    expect(exerciseStatus(row({ stepsSolved: 3, started: true, dueAt: hours(-1) }), now).due).toBeNull();
    expect(exerciseStatus(row({ stepsSolved: 3, started: true, lateSteps: 1, dueAt: hours(-1) }), now)).toEqual({ progress: "complete", due: "late" });
    expect(statusLabel({ progress: "in-progress", due: "overdue" })).toBe("In progress · overdue");
  });
});

describe("nextExercise", () => {
  const list = [
    { slug: "a", complete: true },
    { slug: "b", complete: false },
    { slug: "c", complete: true },
    { slug: "d", complete: false },
  ];
  it("is the next one not complete after this one, wrapping around, never this one", () => {
    expect(nextExercise(list, "b")?.slug).toBe("d");
    expect(nextExercise(list, "d")?.slug).toBe("b");
    expect(nextExercise(list, "a")?.slug).toBe("b");
    expect(nextExercise([{ slug: "a", complete: false }], "a")).toBeNull();
    expect(nextExercise(list, "missing")?.slug).toBe("b");
  });
});
