import { notFound } from "next/navigation";
import { connection } from "next/server";
import { requireInstructorOf } from "@/lib/auth/permissions";
import { db } from "@/lib/platform/db";
import { isAssigned } from "@/lib/courses/queries";

/**
 * Why a layout: the page below has a loading.tsx, so its response starts streaming (status 200)
 * before the page can call notFound(). Deciding access and existence here, above that Suspense
 * boundary, makes a missing or forbidden address a real HTTP 404.
 */
export default async function ExerciseAnalyticsLayout({ children, params }: { children: React.ReactNode; params: Promise<{ courseId: string; exerciseId: string }> }) {
  await connection();
  const { courseId, exerciseId } = await params;
  await requireInstructorOf(courseId);
  if (!(await isAssigned(db, courseId, exerciseId))) notFound();
  return children;
}
