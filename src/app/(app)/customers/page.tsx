import type { Metadata } from "next";
import { CustomersTable } from "~/components/customers/customers-table";
import { listTimeZones } from "~/components/settings/time-zones";
import { requireAdmin } from "~/server/auth/guards";
import { serverApi } from "~/trpc/server";

export const metadata: Metadata = { title: "Customers · FieldSync" };

export default async function CustomersPage() {
  await requireAdmin();
  const api = await serverApi();
  const [customers, company] = await Promise.all([api.customers.list(), api.company.get()]);
  return <CustomersTable customers={customers} timeZones={listTimeZones()} companyTimeZone={company.timeZone} />;
}
