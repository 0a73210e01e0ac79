import { openMigratedDb } from "~/server/db";

const handle = await openMigratedDb();
console.log(`Migrations applied (${handle.kind}).`);
await handle.close();
