/** The framework floor for `npm run bench:http`: the smallest Next app with one server action. Not shipped. */
export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
