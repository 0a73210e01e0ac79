import type { Metadata } from "next";
import { CalendarScreen } from "~/components/calendar/calendar-screen";
import { CalendarSyncBanner } from "~/components/google/calendar-sync-banner";
import { ConnectedToast } from "~/components/google/connected-toast";
import { requireUser } from "~/server/auth/guards";
import { serverApi } from "~/trpc/server";

export const metadata: Metadata = { title: "Calendar · FieldSync" };

export default async function CalendarPage({ searchParams }: { searchParams: Promise<{ fw?: string | string[]; google?: string }> }) {
  const user = await requireUser();
  const api = await serverApi();
  const [options, params] = await Promise.all([api.calendar.options(), searchParams]);
  // ?fw=id,id keeps the admin's filter across reloads; unknown ids are dropped.
  const requested = (Array.isArray(params.fw) ? params.fw.join(",") : (params.fw ?? "")).split(",");
  const initialFieldworkerIds =
    user.role === "admin" ? options.fieldworkers.filter((f) => requested.includes(f.id)).map((f) => f.id) : [];

  return (
    <div className="space-y-2 sm:space-y-3">
      <div id="calendar-banners">
        {user.role === "fieldworker" && user.fieldworkerId ? <CalendarSyncBanner fieldworkerId={user.fieldworkerId} /> : null}
        {params.google === "connected" ? <ConnectedToast /> : null}
      </div>
      <CalendarScreen
        options={options}
        viewer={{ role: user.role, fieldworkerId: user.fieldworkerId }}
        initialFieldworkerIds={initialFieldworkerIds}
      />
    </div>
  );
}
