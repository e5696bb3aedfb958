/** @type {import('next').NextConfig} */
const config = { distDir: process.env.FLOOR_DIST_DIR || ".next", typescript: { ignoreBuildErrors: true }, serverExternalPackages: ["better-sqlite3"] };
export default config;
