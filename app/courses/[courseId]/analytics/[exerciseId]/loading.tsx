import { PageLoading } from "@/app/_components/page-loading";

/** Below this segment's layout, which answers 404 before streaming starts (see layout.tsx). */
export default function Loading() {
  return <PageLoading label="Loading analytics…" />;
}
