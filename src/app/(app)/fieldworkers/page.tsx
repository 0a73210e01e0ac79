import type { Metadata } from "next";
import Link from "next/link";
import { AddFieldworkerButton } from "~/components/fieldworkers/add-fieldworker-button";
import { LOGIN_BADGE } from "~/components/fieldworkers/login-badge";
import { requireAdmin } from "~/server/auth/guards";
import { serverApi } from "~/trpc/server";

export const metadata: Metadata = { title: "Fieldworkers · FieldSync" };

export default async function FieldworkersPage() {
  await requireAdmin();
  const fieldworkers = await (await serverApi()).fieldworkers.list();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">Fieldworkers</h1>
          <p className="text-sm text-slate-600">
            The crew you schedule, and the business calendar for work not yet assigned to anyone.
          </p>
        </div>
        <AddFieldworkerButton />
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">
                Name
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Email
              </th>
              <th scope="col" className="hidden px-4 py-2 font-medium sm:table-cell">
                Phone
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                FieldSync login
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                Status
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {fieldworkers.map((fw) => (
              <tr key={fw.id} className={fw.active ? undefined : "text-slate-500"}>
                <td className="px-4 py-2">
                  <Link href={`/fieldworkers/${fw.id}`} className="font-medium text-brand-700 hover:underline">
                    {fw.displayName}
                  </Link>
                  {fw.isGeneral && (
                    <span className="ml-2 inline-block rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700">
                      Business calendar
                    </span>
                  )}
                </td>
                <td className="px-4 py-2 break-all">{fw.email}</td>
                <td className="hidden px-4 py-2 whitespace-nowrap sm:table-cell">{fw.phone ?? "—"}</td>
                <td className="px-4 py-2">
                  {fw.isGeneral ? (
                    <span className="text-slate-400">—</span>
                  ) : (
                    <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${LOGIN_BADGE[fw.loginState].className}`}>
                      {LOGIN_BADGE[fw.loginState].label}
                    </span>
                  )}
                </td>
                <td className="px-4 py-2">
                  <span
                    className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${fw.active ? "bg-green-50 text-green-700" : "bg-slate-100 text-slate-600"}`}
                  >
                    {fw.active ? "Active" : "Inactive"}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
