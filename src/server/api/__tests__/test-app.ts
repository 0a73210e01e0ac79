import type { Session } from "next-auth";
import type { DbHandle } from "../../db/client";
import { loadSessionIdentity } from "../../db/queries/users";
import { seedDemoCompany } from "../../db/seed";
import { createTestDb } from "../../db/testing";
import { createCaller } from "../root";

export type SeededCompany = Awaited<ReturnType<typeof seedDemoCompany>>;

export interface TestApp {
  handle: DbHandle;
  /** Acme Plumbing (acme.test) and Beta Cleaning (beta.test): two tenants for isolation checks. */
  acme: SeededCompany;
  beta: SeededCompany;
  /** A tRPC caller acting as the user with this email, through the same procedures the browser uses. */
  /** `signal` ends the caller's subscriptions, as a browser leaving does. */
  callerAs: (email: string, options?: { signal?: AbortSignal }) => Promise<ReturnType<typeof createCaller>>;
  anonymousCaller: () => ReturnType<typeof createCaller>;
  close: () => Promise<void>;
}

/** A fresh database (PGlite, or Postgres when DATABASE_URL is set) with two seeded companies. */
export async function createTestApp(options: { now?: Date; bookingCount?: number; onQuery?: (sql: string) => void } = {}): Promise<TestApp> {
  const handle = await createTestDb({ onQuery: options.onQuery });
  const acme = await seedDemoCompany(handle.db, { ...options, companyName: "Acme Plumbing", domain: "acme.test" });
  const beta = await seedDemoCompany(handle.db, { ...options, companyName: "Beta Cleaning", domain: "beta.test" });
  const headers = new Headers();
  return {
    handle,
    acme,
    beta,
    async callerAs(email, options) {
      const user = await handle.db.query.users.findFirst({ where: (u, { eq }) => eq(u.email, email) });
      if (!user) throw new Error(`No seeded user ${email}`);
      const identity = await loadSessionIdentity(handle.db, user.id);
      if (!identity) throw new Error(`No identity for ${email}`);
      const session: Session = { user: identity, expires: new Date(Date.now() + 3_600_000).toISOString() };
      return createCaller({ db: handle.db, session, headers }, { signal: options?.signal });
    },
    anonymousCaller: () => createCaller({ db: handle.db, session: null, headers }),
    close: () => handle.close(),
  };
}
