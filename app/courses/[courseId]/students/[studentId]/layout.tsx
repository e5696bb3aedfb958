import { notFound } from "next/navigation";
import { connection } from "next/server";
import { canViewStudentWork, requireInstructorOf } from "@/lib/auth/permissions";

/**
 * Why a layout: the page below has a loading.tsx, so its response starts streaming (status 200)
 * before the page can call notFound(). Deciding access and existence here, above that Suspense
 * boundary, makes a missing or forbidden address a real HTTP 404.
 */
export default async function StudentLayout({ children, params }: { children: React.ReactNode; params: Promise<{ courseId: string; studentId: string }> }) {
  await connection();
  const { courseId, studentId } = await params;
  const user = await requireInstructorOf(courseId);
  if (user.id === studentId || !(await canViewStudentWork(user, studentId, courseId))) notFound();
  return children;
}
