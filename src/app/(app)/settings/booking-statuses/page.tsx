import type { Metadata } from "next";
import { BookingStatusesManager } from "~/components/settings/booking-statuses-manager";
import { requireAdmin } from "~/server/auth/guards";
import { serverApi } from "~/trpc/server";

export const metadata: Metadata = { title: "Booking statuses · FieldSync" };

export default async function BookingStatusesPage() {
  await requireAdmin();
  const statuses = await (await serverApi()).bookingStatuses.list();
  return <BookingStatusesManager statuses={statuses} />;
}
