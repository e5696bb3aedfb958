import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { run } from "./exercises";
import { seedExercises } from "@/prisma/fixtures";

let t: TestDb;
const dir = mkdtempSync(path.join(os.tmpdir(), "stepwise-cli-"));
beforeAll(async () => {
  t = await createTestDb({ seeded: true });
});
afterAll(() => t.cleanup());

async function cli(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await run(argv, () => t.db, (s) => (stdout += s), (s) => (stderr += s));
  return { code, stdout, stderr };
}

describe("exercises CLI", () => {
  it("exports one exercise and a course; re-importing the exported file is refused as a duplicate", async () => {
    const one = await cli("export", "tanh-derivative");
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout).exercises[0].slug).toBe("tanh-derivative");
    const course = await cli("export", "--course", "Mathematics of Deep Learning (demo)");
    expect(course.code).toBe(0);
    // The whole demo course: every seeded exercise, in course order.
    expect(JSON.parse(course.stdout).exercises.map((e: { slug: string }) => e.slug)).toEqual(seedExercises.map((e) => e.slug));

    const file = path.join(dir, "tanh.json");
    writeFileSync(file, one.stdout);
    const again = await cli("import", file);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('error: exercises[0].slug: an exercise with slug "tanh-derivative" already exists');
  });

  it("imports a renamed copy and reports a missing exercise or bad usage", async () => {
    const exported = JSON.parse((await cli("export", "tanh-derivative")).stdout);
    exported.exercises[0].slug = "tanh-copy";
    const file = path.join(dir, "copy.json");
    writeFileSync(file, JSON.stringify(exported));
    const result = await cli("import", file, "--author", "instructor@stepwise.test", "--course", "Mathematics of Deep Learning (demo)");
    expect(result).toMatchObject({ code: 0, stderr: "imported tanh-copy\n" });
    expect((await cli("export", "no-such-slug")).code).toBe(1);
    expect((await cli("frobnicate")).code).toBe(2);
  });

  it("as a process: exits 1 with path-specific errors on stderr", async () => {
    const file = path.join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ format: "stepwise.exercises", version: 1, exercises: [{ slug: "Bad Slug" }] }));
    const exec = promisify(execFile);
    const error = await exec(process.execPath, [require.resolve("tsx/cli"), "scripts/exercises.ts", "import", file], {
      env: { ...process.env, DATABASE_URL: t.url },
    }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(error?.code).toBe(1);
    expect(error?.stderr).toContain("error: exercises[0].slug:");
    expect(error?.stderr).toContain("error: exercises[0].title:");
    expect(error?.stderr).toContain("nothing was imported");
  });
});
