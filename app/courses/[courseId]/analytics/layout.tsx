import { connection } from "next/server";
import { requireInstructorOf } from "@/lib/auth/permissions";

/**
 * Why a layout: the page below has a loading.tsx, so its response starts streaming (status 200)
 * before the page can call notFound(). Deciding access and existence here, above that Suspense
 * boundary, makes a missing or forbidden address a real HTTP 404.
 */
export default async function AnalyticsLayout({ children, params }: { children: React.ReactNode; params: Promise<{ courseId: string }> }) {
  await connection();
  await requireInstructorOf((await params).courseId);
  return children;
}
