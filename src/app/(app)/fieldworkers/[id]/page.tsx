import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { z } from "zod";
import { ActiveToggle } from "~/components/fieldworkers/active-toggle";
import { FieldworkerActions } from "~/components/fieldworkers/fieldworker-actions";
import { LOGIN_STATE_TEXT } from "~/components/fieldworkers/profile-offers";
import { GoogleSyncPanel } from "~/components/google/google-sync-panel";
import { requireUser } from "~/server/auth/guards";
import { serverApi } from "~/trpc/server";

export const metadata: Metadata = { title: "Fieldworker · FieldSync" };

export default async function FieldworkerProfilePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser();
  // A fieldworker may open only their own profile; anything else (even a bad id) is simply not theirs.
  if (user.role !== "admin" && id !== user.fieldworkerId) forbidden();
  if (!z.uuid().safeParse(id).success) notFound();

  const api = await serverApi();
  const fieldworker = await api.fieldworkers.get({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    if (error instanceof TRPCError && error.code === "FORBIDDEN") forbidden();
    throw error;
  });
  const isAdmin = user.role === "admin";
  const company = await api.company.get();

  return (
    <div className="space-y-4">
      {isAdmin && (
        <Link href="/fieldworkers" className="text-sm text-brand-700 hover:underline">
          ← All fieldworkers
        </Link>
      )}
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{fieldworker.displayName}</h1>
          <div className="mt-1 flex flex-wrap gap-2">
            {fieldworker.isGeneral && (
              <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700">Business calendar</span>
            )}
            <span
              className={`rounded-full px-2 py-0.5 text-xs font-medium ${fieldworker.active ? "bg-green-50 text-green-700" : "bg-slate-100 text-slate-600"}`}
            >
              {fieldworker.active ? "Active" : "Inactive"}
            </span>
          </div>
        </div>
        {isAdmin && <FieldworkerActions fieldworker={fieldworker} />}
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <section className="card" aria-labelledby="details-heading">
          <h2 id="details-heading" className="font-semibold">
            Details
          </h2>
          <dl className="mt-3 grid grid-cols-[8rem_1fr] gap-x-3 gap-y-2 text-sm">
            <dt className="text-slate-500">Email</dt>
            <dd className="break-all">{fieldworker.email}</dd>
            <dt className="text-slate-500">Phone</dt>
            <dd>{fieldworker.phone ?? "—"}</dd>
            <dt className="text-slate-500">Sign-in</dt>
            <dd data-testid="login-state">
              {LOGIN_STATE_TEXT[fieldworker.loginState]}
              {isAdmin && fieldworker.loginState === "none" && !fieldworker.isGeneral ? (
                <span className="block text-xs text-slate-500">Give them one with Actions › Give FieldSync login.</span>
              ) : null}
            </dd>
            <dt className="self-center text-slate-500">Active</dt>
            <dd className="flex items-center gap-2">
              {isAdmin ? (
                <ActiveToggle id={fieldworker.id} active={fieldworker.active} isGeneral={fieldworker.isGeneral} />
              ) : null}
              <span>{fieldworker.active ? "Yes" : "No"}</span>
            </dd>
          </dl>
          {fieldworker.isGeneral && (
            <p className="mt-3 text-sm text-slate-600">
              The business calendar is the company&apos;s default calendar: connect it to Google to mirror the office&apos;s
              schedule.
            </p>
          )}
        </section>

        <GoogleSyncPanel
          fieldworkerId={fieldworker.id}
          fieldworkerName={fieldworker.displayName}
          viewer={isAdmin ? "admin" : "self"}
          timeZone={company.timeZone}
        />
      </div>
    </div>
  );
}
