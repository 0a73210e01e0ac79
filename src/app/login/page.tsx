import { redirect } from "next/navigation";
import { auth } from "~/server/auth";
import { magicLinkEnabled } from "~/server/auth/config";
import { LoginForms } from "./login-forms";

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const session = await auth();
  if (session?.user?.id) redirect("/calendar");
  const params = await searchParams;
  return (
    <main className="mx-auto mt-16 max-w-sm px-4">
      <h1 className="mb-1 text-2xl font-bold text-brand-700">FieldSync</h1>
      <p className="mb-6 text-slate-600">Sign in to your company&apos;s schedule.</p>
      {params["check-email"] && <p role="status" className="card mb-4">Check your inbox for a sign-in link.</p>}
      {params.error && params.error !== "CredentialsSignin" && (
        <p role="alert" className="field-error mb-4">
          That sign-in link is invalid or has expired. Ask for a new one.
        </p>
      )}
      <div className="card">
        <LoginForms magicLink={magicLinkEnabled()} />
      </div>
    </main>
  );
}
