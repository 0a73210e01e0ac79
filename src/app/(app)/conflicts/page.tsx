import type { Metadata } from "next";
import { CompanyConflicts } from "~/components/google/company-conflicts";
import { requireAdmin } from "~/server/auth/guards";
import { serverApi } from "~/trpc/server";

export const metadata: Metadata = { title: "Google Calendar conflicts · FieldSync" };

export default async function ConflictsPage() {
  await requireAdmin();
  const api = await serverApi();
  const company = await api.company.get();
  return (
    <section className="space-y-3">
      <h1 className="text-xl font-semibold">Google Calendar conflicts</h1>
      <p className="text-sm text-slate-600">
        These bookings&apos; events were deleted in a fieldworker&apos;s Google Calendar. FieldSync kept the bookings. Re-create each event in Google, or
        accept the deletion.
      </p>
      <CompanyConflicts timeZone={company.timeZone} />
    </section>
  );
}
