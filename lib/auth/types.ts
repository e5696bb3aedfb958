/** The signed-in user as every page, action and permission check sees it (never the password hash). */
export type CurrentUser = { id: string; email: string; name: string; role: "STUDENT" | "INSTRUCTOR" };
