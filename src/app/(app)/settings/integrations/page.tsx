import type { Metadata } from "next";
import { IntegrationSettingsForm } from "~/components/integrations/integration-settings-form";
import { RolloutTable } from "~/components/integrations/rollout-table";
import { requireAdmin } from "~/server/auth/guards";
import { serverApi } from "~/trpc/server";

export const metadata: Metadata = { title: "Integrations · FieldSync" };

export default async function IntegrationsSettingsPage() {
  await requireAdmin();
  const api = await serverApi();
  const [settings, rollout, company] = await Promise.all([api.integrations.get(), api.integrations.rollout(), api.company.get()]);
  const connectedFieldworkers = rollout.filter((row) => row.status.kind === "connected").length;

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Integrations</h1>
        <p className="max-w-3xl text-sm text-slate-600">
          Connect your crew&apos;s Google Calendars: bookings appear in a calendar named after {company.name}, and their own
          Google events show here so nobody is double-booked.
        </p>
      </div>

      <section aria-labelledby="google-workspace-heading" className="card space-y-4">
        <div>
          <h2 id="google-workspace-heading" className="text-lg font-semibold">
            Google Workspace
          </h2>
          <p className="text-sm text-slate-600">
            {settings.activeClientId === null
              ? "Not set up yet."
              : settings.mode === "shared"
                ? "Fieldworkers connect through FieldSync's Google API."
                : `Fieldworkers connect through your private Google API (${settings.privateProjectName || settings.privateClientId}).`}
          </p>
          <p className="mt-2 max-w-3xl text-sm text-slate-600">
            FieldSync asks for Calendar access only — no Gmail: emails go out through FieldSync (Resend), which keeps
            Google&apos;s consent screen short.
          </p>
        </div>
        <IntegrationSettingsForm settings={settings} connectedFieldworkers={connectedFieldworkers} />
      </section>

      <RolloutTable rows={rollout} timeZone={company.timeZone} googleReady={settings.activeClientId !== null} />
    </div>
  );
}
