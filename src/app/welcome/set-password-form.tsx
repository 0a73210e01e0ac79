"use client";

import { useActionState } from "react";
import { setPassword, type SetPasswordState } from "./actions";

export function SetPasswordForm({ token, email }: { token: string; email: string }) {
  const [state, action, pending] = useActionState<SetPasswordState, FormData>(setPassword, {});
  return (
    <form action={action} className="space-y-3" aria-label="Set your password">
      <input type="hidden" name="token" value={token} />
      <div>
        <label className="label" htmlFor="welcome-email">
          Email
        </label>
        <input className="input bg-slate-50" id="welcome-email" name="username" type="email" value={email} autoComplete="username" readOnly />
      </div>
      <div>
        <label className="label" htmlFor="welcome-password">
          New password
        </label>
        <input className="input" id="welcome-password" name="password" type="password" autoComplete="new-password" minLength={8} required />
        <p className="mt-1 text-xs text-slate-500">At least 8 characters.</p>
      </div>
      <div>
        <label className="label" htmlFor="welcome-confirm">
          Repeat the password
        </label>
        <input className="input" id="welcome-confirm" name="confirm" type="password" autoComplete="new-password" minLength={8} required />
      </div>
      {state.error && (
        <p role="alert" className="field-error">
          {state.error}
        </p>
      )}
      <button className="btn btn-primary w-full" type="submit" disabled={pending}>
        {pending ? "Saving…" : "Set password and sign in"}
      </button>
    </form>
  );
}
