/** @type {import('next').NextConfig} */
export default { distDir: process.env.FLOOR_DIST_DIR || ".next", typescript: { ignoreBuildErrors: true }, serverExternalPackages: ["better-sqlite3"] };
