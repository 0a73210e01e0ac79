/**
 * `npm run dev`'s database step (one process, since PGlite allows one per data folder): migrations, and
 * on an empty database the demo company — plus, when the Google emulator is in use, two fieldworkers
 * connected to it so two-way sync is visible at once.
 */
import { companies } from "~/server/db/schema";
import { openMigratedDb } from "~/server/db";
import { seedDemoCompany } from "~/server/db/seed";
import { connectDemoGoogleAccounts } from "./lib/demo-google";

const withDemoGoogle = process.argv.includes("--demo-google");
const handle = await openMigratedDb();
try {
  const existing = await handle.db.select({ id: companies.id }).from(companies).limit(1);
  if (existing.length > 0) {
    console.log("Database ready (already seeded).");
  } else {
    await seedDemoCompany(handle.db);
    console.log("Seeded the demo company Acme Plumbing.");
    if (withDemoGoogle) console.log(await connectDemoGoogleAccounts(handle.db));
  }
} finally {
  await handle.close();
}
