import Link from "next/link";
import { getCurrentUser } from "@/lib/auth/session";
import { SignOutButton } from "@/app/_components/sign-out-button";

/** Navigation by role; the signed-in user's name and a sign-out button (a POST, never a link). */
export async function SiteHeader() {
  const user = await getCurrentUser();
  return (
    <header className="site-header">
      <nav className="container nav" aria-label="Main">
        <Link href="/" className="brand">
          Stepwise
        </Link>
        {user ? (
          <>
            {/* The home page is the student's exercise list and the instructor's course list (issue 17 item 9). */}
            <Link href="/">{user.role === "INSTRUCTOR" ? "Home" : "Exercises"}</Link>
            {user.role === "STUDENT" ? <Link href="/progress">Progress</Link> : null}
            <Link href="/courses">Courses</Link>
            {user.role === "INSTRUCTOR" ? <Link href="/author">Author</Link> : null}
            <span className="muted">
              <span className="sr-only">Signed in as </span>
              {user.name}
              {user.role === "INSTRUCTOR" ? " (instructor)" : ""}
            </span>
            <SignOutButton />
          </>
        ) : (
          <>
            <Link href="/sign-in">Sign in</Link>
            <Link href="/sign-up">Sign up</Link>
          </>
        )}
      </nav>
    </header>
  );
}
