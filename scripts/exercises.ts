/**
 * Exercise import/export CLI (format: docs/exercise-format.md).
 *
 *   npm run -s exercises -- export <slug> > file.json
 *   npm run -s exercises -- export --course <courseId|title> > course.json
 *   npm run -s exercises -- import file.json [--author <email>] [--course <courseId|title>]
 *   npm run -s exercises -- check file.json
 *
 * import: the whole file or nothing; on any problem it prints one line per problem on stderr,
 * `error: <JSON path>: <message>`, and exits with code 1, leaving the database unchanged.
 * Without --author the exercises belong to the only instructor, if there is exactly one.
 */
import { readFileSync } from "node:fs";
import { createPrismaClient, type PrismaClient } from "../lib/platform/prisma-client";
import { resolveDatabaseUrl } from "../lib/platform/database-url";
import {
  checkExerciseFile,
  exportCourse,
  exportExercise,
  ExportError,
  findCourse,
  formatIssues,
  importExerciseFile,
} from "../lib/authoring/exercise-io";

const USAGE = `usage:
  npm run -s exercises -- export <slug> > file.json
  npm run -s exercises -- export --course <courseId|title> > course.json
  npm run -s exercises -- import <file.json> [--author <email>] [--course <courseId|title>]
  npm run -s exercises -- check <file.json>
`;

class UsageError extends Error {}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith("--")) throw new UsageError(`${name} needs a value`);
  args.splice(i, 2);
  return value;
}

function readInput(path: string): string {
  try {
    return path === "-" ? readFileSync(0, "utf8") : readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

async function resolveAuthor(db: PrismaClient, email: string | undefined): Promise<string> {
  if (email !== undefined) {
    const user = await db.user.findUnique({ where: { email: email.toLowerCase() } });
    if (!user || user.role !== "INSTRUCTOR") throw new UsageError(`no instructor with email ${email}`);
    return user.id;
  }
  const instructors = await db.user.findMany({ where: { role: "INSTRUCTOR" }, take: 2 });
  if (instructors.length !== 1) throw new UsageError("pass --author <email>: the database does not have exactly one instructor");
  return instructors[0]!.id;
}

/** Returns the process exit code. */
export async function run(argv: string[], db: () => PrismaClient, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const args = [...argv];
  const command = args.shift();
  try {
    if (command === "export") {
      const course = option(args, "--course");
      if (course !== undefined) {
        if (args.length > 0) throw new UsageError(`unexpected argument ${args[0]}`);
        out(await exportCourse(db(), course));
        return 0;
      }
      if (args.length !== 1) throw new UsageError("export needs one slug (or --course)");
      out(await exportExercise(db(), args[0]!));
      return 0;
    }
    if (command === "check" || command === "import") {
      const authorEmail = command === "import" ? option(args, "--author") : undefined;
      const courseRef = command === "import" ? option(args, "--course") : undefined;
      if (args.length !== 1) throw new UsageError(`${command} needs one file (or - for stdin)`);
      const text = readInput(args[0]!);
      if (command === "check") {
        const check = checkExerciseFile(text);
        if (check.warnings.length) err(`${formatIssues(check.warnings)}\n`);
        if (!check.ok) {
          err(`${formatIssues(check.errors)}\n`);
          return 1;
        }
        err(`ok: ${check.file.exercises.length} exercise(s)\n`);
        return 0;
      }
      const client = db();
      const authorId = await resolveAuthor(client, authorEmail);
      let courseId: string | null = null;
      if (courseRef !== undefined) {
        const course = await findCourse(client, courseRef);
        if (!course) throw new UsageError(`no course with id or title "${courseRef}"`);
        if (course.ownerId !== authorId) throw new UsageError(`the author does not own course "${course.title}"`);
        courseId = course.id;
      }
      const result = await importExerciseFile(client, text, { authorId, courseId });
      if (result.warnings.length) err(`${formatIssues(result.warnings)}\n`);
      if (!result.ok) {
        err(`${formatIssues(result.errors)}\nnothing was imported\n`);
        return 1;
      }
      err(`imported ${result.imported.map((e) => e.slug).join(", ")}\n`);
      return 0;
    }
    throw new UsageError(command === undefined ? "missing command" : `unknown command ${command}`);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ExportError) {
      err(`error: ${error.message}\n${error instanceof UsageError ? USAGE : ""}`);
      return error instanceof UsageError ? 2 : 1;
    }
    throw error;
  }
}

if (process.argv[1] && /exercises\.ts$/.test(process.argv[1])) {
  let client: PrismaClient | undefined;
  const db = () => (client ??= createPrismaClient(resolveDatabaseUrl(process.env.DATABASE_URL)));
  run(process.argv.slice(2), db, (s) => process.stdout.write(s), (s) => process.stderr.write(s))
    .then(async (code) => {
      await client?.$disconnect();
      process.exitCode = code;
    })
    .catch(async (error) => {
      console.error(error);
      await client?.$disconnect();
      process.exitCode = 1;
    });
}
