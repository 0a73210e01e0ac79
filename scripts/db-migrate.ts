import { getDbHandle } from "~/server/db";

const handle = await getDbHandle();
console.log(`Migrations applied (${handle.kind}).`);
await handle.close();
