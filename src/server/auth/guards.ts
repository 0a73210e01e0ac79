import { forbidden, redirect } from "next/navigation";
import { auth } from ".";

/** For pages: the signed-in user, or a redirect to the login page. */
export async function requireUser() {
  const session = await auth();
  const user = session?.user;
  if (!user?.id || !user.companyId) redirect("/login");
  return user;
}

/** For admin-only pages: fieldworkers get a 403 page. */
export async function requireAdmin() {
  const user = await requireUser();
  if (user.role !== "admin") forbidden();
  return user;
}
