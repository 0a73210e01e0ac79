/** The two kinds of user, the one list the database enum, the session and the UI all take their type from. */
export const ROLES = ["admin", "fieldworker"] as const;
export type Role = (typeof ROLES)[number];
