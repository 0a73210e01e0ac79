import type { Metadata } from "next";
import Link from "next/link";
import { checkPasswordLink, PASSWORD_LINK_PROBLEMS } from "~/server/auth/fieldworker-login";
import { getDb } from "~/server/db";
import { SetPasswordForm } from "./set-password-form";

export const metadata: Metadata = { title: "Set your password · FieldSync" };

/** Where a fieldworker's login invitation lands: set a password with the one-time link, then straight in. */
export default async function WelcomePage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const token = (await searchParams).token ?? "";
  const check = await checkPasswordLink(await getDb(), token, new Date());
  return (
    <main className="mx-auto mt-16 max-w-sm px-4">
      <h1 className="mb-1 text-2xl font-bold text-brand-700">FieldSync</h1>
      {check.ok ? (
        <>
          <p className="mb-6 text-slate-600">Welcome, {check.name}. Choose a password for your FieldSync login.</p>
          <div className="card">
            <SetPasswordForm token={token} email={check.email} />
          </div>
        </>
      ) : (
        <div className="card space-y-3">
          <p role="alert">{PASSWORD_LINK_PROBLEMS[check.problem]}</p>
          <Link className="btn" href="/login">
            Go to the sign-in page
          </Link>
        </div>
      )}
    </main>
  );
}
