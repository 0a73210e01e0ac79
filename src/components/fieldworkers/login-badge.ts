import type { LoginState } from "~/server/auth/login-state";

/** The fieldworkers list's "FieldSync login" column. */
export const LOGIN_BADGE: Record<LoginState, { label: string; className: string }> = {
  active: { label: "Can sign in", className: "bg-green-50 text-green-700" },
  invited: { label: "Invited", className: "bg-amber-50 text-amber-800" },
  none: { label: "No login", className: "bg-slate-100 text-slate-600" },
};
