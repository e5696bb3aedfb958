/** Deep-linking requests are launches (Moodle's "Content selection URL", Canvas's redirect URI). */
export { POST } from "../launch/route";
