/**
 * lib/platform/fast-sql.ts: the hot path's prepared statements must read and write exactly what
 * Prisma reads and writes, on both databases, and its transactions must neither nest in nor
 * interleave with Prisma's interactive transactions on SQLite's single connection.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/lib/testing/test-db";
import { fastSql, newId, type FastSql } from "./fast-sql";

let t: TestDb;
let userId: string;

beforeAll(async () => {
  t = await createTestDb();
  userId = (await t.db.user.create({ data: { email: "fast@sql.test", name: "Fast", passwordHash: "x" } })).id;
});
afterAll(() => t.cleanup());

/** Both ways a root client runs (prepared statements on SQLite, Prisma's raw queries); the transaction-client way is tested on its own below. */
async function implementations(): Promise<[string, FastSql][]> {
  const list: [string, FastSql][] = [
    ["default", await fastSql(t.db)],
    ["via Prisma", await fastSql(t.db, { viaPrisma: true })],
  ];
  return list;
}

describe("values", () => {
  it("reads dates, booleans, integers and nulls as Prisma does, whichever way it runs", async () => {
    const at = new Date("2026-11-30T23:59:58.123Z");
    const row = await t.db.stepProgress.create({
      data: { userId, exerciseId: "ex-values", stepKey: "k", attempts: 3, solvedAt: at, firstTryCorrect: true, lastActivityAt: at },
    });
    for (const [name, sql] of await implementations()) {
      const got = await sql.get<Record<string, unknown>>(
        `SELECT "attempts", "solvedAt", "firstTryCorrect", "solutionRevealed", "lastActivityAt" FROM "StepProgress" WHERE "id" = ?`,
        [row.id],
      );
      expect(got, name).toEqual({ attempts: 3, solvedAt: at, firstTryCorrect: true, solutionRevealed: false, lastActivityAt: at });
      const none = await sql.get(`SELECT "id" FROM "StepProgress" WHERE "id" = ?`, ["no-such-row"]);
      expect(none, name).toBeUndefined();
    }
    // And inside a transaction client (Prisma's raw path on the transaction).
    await t.db.$transaction(async (tx) => {
      const got = await (await fastSql(tx)).get<{ solvedAt: Date; firstTryCorrect: boolean }>(`SELECT "solvedAt", "firstTryCorrect" FROM "StepProgress" WHERE "id" = ?`, [row.id]);
      expect(got).toEqual({ solvedAt: at, firstTryCorrect: true });
    });
  });

  it("writes dates and booleans that Prisma reads back unchanged (and that sort with Prisma's own)", async () => {
    const at = new Date("2026-12-01T00:00:00.007Z");
    for (const [name, sql] of await implementations()) {
      const id = newId();
      await sql.run(`INSERT INTO "StepProgress" ("id", "userId", "exerciseId", "stepKey", "solvedAt", "carriedForward", "lastActivityAt") VALUES (?, ?, ?, ?, ?, ?, ?)`, [
        id,
        userId,
        `ex-write-${name}`,
        "k",
        at,
        true,
        at,
      ]);
      const back = await t.db.stepProgress.findUniqueOrThrow({ where: { id } });
      expect(back, name).toMatchObject({ solvedAt: at, carriedForward: true, lastActivityAt: at, attempts: 0, solutionRevealed: false });
      // Prisma's filter on a date compares with what we wrote.
      expect(await t.db.stepProgress.count({ where: { id, solvedAt: { gte: at } } }), name).toBe(1);
      expect(await t.db.stepProgress.count({ where: { id, solvedAt: { gt: at } } }), name).toBe(0);
    }
  });

  it("counts come back as numbers", async () => {
    for (const [name, sql] of await implementations()) {
      const row = await sql.get<{ n: unknown }>(`SELECT COUNT(*) AS "n" FROM "User" WHERE "id" = ?`, [userId]);
      expect(Number(row?.n), name).toBe(1);
    }
  });
});

describe("transactions", () => {
  it("commit when the body resolves and roll back everything when it throws (the error is rethrown)", async () => {
    for (const [name, sql] of await implementations()) {
      const kept = newId();
      await sql.transaction(async (tx) => {
        await tx.run(`INSERT INTO "Draft" ("id", "userId", "exerciseId", "stepKey", "text", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)`, [kept, userId, `tx-${name}`, "a", "x", new Date()]);
      });
      const lost = newId();
      await expect(
        sql.transaction(async (tx) => {
          await tx.run(`INSERT INTO "Draft" ("id", "userId", "exerciseId", "stepKey", "text", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)`, [lost, userId, `tx-${name}`, "b", "x", new Date()]);
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await t.db.draft.count({ where: { id: kept } }), name).toBe(1);
      expect(await t.db.draft.count({ where: { id: lost } }), name).toBe(0);
    }
  });

  it("run beside Prisma's interactive transactions without nesting or losing a write", async () => {
    // Interleaved on purpose: each kind awaits inside its transaction, so with one connection a
    // missing lock shows as "cannot start a transaction within a transaction" or a lost row.
    const sql = await fastSql(t.db);
    const exerciseId = `interleave-${newId()}`;
    const tick = () => new Promise((r) => setTimeout(r, 1));
    const jobs = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? sql.transaction(async (tx) => {
            await tick();
            await tx.run(`INSERT INTO "Draft" ("id", "userId", "exerciseId", "stepKey", "text", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)`, [newId(), userId, exerciseId, `s${i}`, "fast", new Date()]);
            await tick();
          })
        : t.db.$transaction(async (tx) => {
            await tick();
            await tx.draft.create({ data: { userId, exerciseId, stepKey: `s${i}`, text: "prisma" } });
            await tick();
          }),
    );
    await Promise.all(jobs);
    expect(await t.db.draft.count({ where: { exerciseId } })).toBe(40);
  });
});

describe("connections", () => {
  it("keeps working after $disconnect: the next statement reconnects, as Prisma's own queries do", async () => {
    const before = await (await fastSql(t.db)).get<{ id: string }>(`SELECT "id" FROM "User" WHERE "id" = ?`, [userId]);
    await t.db.$disconnect();
    const after = await (await fastSql(t.db)).get<{ id: string }>(`SELECT "id" FROM "User" WHERE "id" = ?`, [userId]);
    expect(after).toEqual(before);
  });
});

describe("newId", () => {
  it("makes distinct cuid-shaped ids", () => {
    const ids = new Set(Array.from({ length: 20_000 }, () => newId()));
    expect(ids.size).toBe(20_000);
    for (const id of [...ids].slice(0, 50)) expect(id).toMatch(/^c[0-9a-z]{24}$/);
  });
});
