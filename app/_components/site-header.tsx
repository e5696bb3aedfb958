import Link from "next/link";

export function SiteHeader() {
  return (
    <header className="site-header">
      <nav className="container nav" aria-label="Main">
        <Link href="/" className="brand">
          Stepwise
        </Link>
      </nav>
    </header>
  );
}
