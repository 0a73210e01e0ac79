import { companies } from "~/server/db/schema";
import { openMigratedDb } from "~/server/db";
import { seedDemoCompany } from "~/server/db/seed";

/** Seeds the demo company. With --if-empty it does nothing when a company exists (used by `npm run dev`). */
const ifEmpty = process.argv.includes("--if-empty");
const handle = await openMigratedDb();
try {
  const existing = await handle.db.select({ id: companies.id }).from(companies).limit(1);
  if (ifEmpty && existing.length > 0) {
    console.log("Database already seeded.");
  } else {
    const { logins } = await seedDemoCompany(handle.db);
    console.log("Seeded the demo company Acme Plumbing. Logins:");
    for (const login of logins) console.log(`  ${login.role.padEnd(11)} ${login.email.padEnd(20)} ${login.password}`);
  }
} finally {
  await handle.close();
}
