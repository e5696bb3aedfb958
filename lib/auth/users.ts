import type { Db } from "@/lib/platform/db-client";

/** Emails are compared trimmed and lower-cased (the unique index is on the normalised form). */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** For sign-in only: the one query that reads a password hash. */
export async function findUserCredentials(client: Db, email: string) {
  return client.user.findUnique({
    where: { email: normaliseEmail(email) },
    select: { id: true, email: true, name: true, role: true, passwordHash: true },
  });
}

export async function userExists(client: Db, email: string): Promise<boolean> {
  return (await client.user.count({ where: { email: normaliseEmail(email) } })) > 0;
}

export async function createUser(
  client: Db,
  data: { email: string; name: string; passwordHash: string; role: "STUDENT" | "INSTRUCTOR" },
) {
  return client.user.create({
    data: { ...data, email: normaliseEmail(data.email), name: data.name.trim() },
    select: { id: true, email: true, name: true, role: true },
  });
}
