import type { Metadata } from "next";
import { CompanySettingsForm } from "~/components/settings/company-settings-form";
import { listTimeZones } from "~/components/settings/time-zones";
import { requireAdmin } from "~/server/auth/guards";
import { serverApi } from "~/trpc/server";

export const metadata: Metadata = { title: "Company settings · FieldSync" };

export default async function CompanySettingsPage() {
  await requireAdmin();
  const company = await (await serverApi()).company.get();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Company settings</h1>
        <p className="text-sm text-slate-600">Name, time zone and currency used across bookings and Google Calendar events.</p>
      </div>
      <CompanySettingsForm company={company} timeZones={listTimeZones()} />
    </div>
  );
}
