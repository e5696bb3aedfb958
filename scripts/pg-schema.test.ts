import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { POSTGRES_SCHEMA, postgresSchema, readPostgresSchemaFromSource } from "./pg-schema";
import { SNAPSHOT } from "./pg-migration";

const root = path.resolve(__dirname, "..");

describe("the generated PostgreSQL schema (docs/decisions/014-postgresql.md)", () => {
  it("is current: prisma/postgres/schema.prisma is what scripts/pg-schema.ts makes of prisma/schema.prisma (else: npm run db:pg-schema)", () => {
    expect(readFileSync(path.join(root, POSTGRES_SCHEMA), "utf8")).toBe(readPostgresSchemaFromSource(root));
  });

  it("has its migration: the schema as of the last PostgreSQL migration is the current one (else: npm run db:pg-migration)", () => {
    expect(readFileSync(path.join(root, SNAPSHOT), "utf8")).toBe(readPostgresSchemaFromSource(root));
  });

  it("differs from the SQLite schema only in the datasource and the client's folder", () => {
    const sqlite = `generator client {\n  provider = "prisma-client"\n  output     = "../generated/prisma"\n}\n\ndatasource db {\n  provider = "sqlite"\n  url      = "file:./dev.db"\n}\n\nmodel A {\n  id Int @id\n}\n`;
    const pg = postgresSchema(sqlite);
    expect(pg).toContain('provider = "postgresql"');
    expect(pg).toContain('output     = "../../generated/prisma-pg"');
    expect(pg).not.toContain("sqlite");
    expect(pg).toContain("model A {\n  id Int @id\n}");
    expect(() => postgresSchema(sqlite.replace("datasource db", "datasource other"))).toThrow(/datasource block/);
  });
});
