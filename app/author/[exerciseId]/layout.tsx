import { notFound } from "next/navigation";
import { connection } from "next/server";
import { canEditExercise } from "@/lib/auth/permissions";
import { requireInstructor } from "@/lib/auth/session";

/**
 * Why a layout: the page below has a loading.tsx, so its response starts streaming (status 200)
 * before the page can call notFound(). Deciding access and existence here, above that Suspense
 * boundary, makes a missing or forbidden address a real HTTP 404.
 */
export default async function AuthorLayout({ children, params }: { children: React.ReactNode; params: Promise<{ exerciseId: string }> }) {
  await connection();
  const { exerciseId } = await params;
  const user = await requireInstructor({ next: `/author/${exerciseId}` });
  if (exerciseId.length > 64 || !(await canEditExercise(user, exerciseId))) notFound();
  return children;
}
