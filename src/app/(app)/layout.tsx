import { AppNav, type NavLink } from "~/components/app-nav";
import { ConflictsNavLink } from "~/components/google/conflicts-nav-link";
import { signOut } from "~/server/auth";
import { requireUser } from "~/server/auth/guards";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const links: NavLink[] =
    user.role === "admin"
      ? [
          { href: "/calendar", label: "Calendar" },
          { href: "/fieldworkers", label: "Fieldworkers" },
          { href: "/customers", label: "Customers" },
          { href: "/settings/company", label: "Company" },
          { href: "/settings/booking-statuses", label: "Booking statuses" },
          { href: "/settings/integrations", label: "Integrations" },
        ]
      : [
          { href: "/calendar", label: "Calendar" },
          ...(user.fieldworkerId ? [{ href: `/fieldworkers/${user.fieldworkerId}`, label: "My profile" }] : []),
        ];

  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <AppNav
          links={links}
          extra={user.role === "admin" ? <ConflictsNavLink /> : null}
          account={
            <>
              <span className="text-slate-600" data-testid="signed-in-as">
                {user.name} · {user.role === "admin" ? "Admin" : "Fieldworker"}
              </span>
              <form
                className="ml-auto md:ml-0"
                action={async () => {
                  "use server";
                  await signOut({ redirectTo: "/login" });
                }}
              >
                <button className="btn" type="submit">
                  Sign out
                </button>
              </form>
            </>
          }
        />
      </header>
      <main className="mx-auto max-w-7xl px-2 py-2 sm:px-4 sm:py-4">{children}</main>
    </div>
  );
}
