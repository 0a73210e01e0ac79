import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSyncHarness, type SyncHarness } from "../../sync/__tests__/sync-harness";
import { PROCEDURE_CASES, REFUSAL_CODES, type ProcedureCase } from "./procedure-cases";
import {
  accessOf,
  attempt,
  companyMarkers,
  dumpAllTables,
  loadTenantIds,
  routerProcedures,
  sliceOf,
  type CallResult,
  type TenantIds,
} from "./tenant-fixture";

/**
 * DESIGN §5: an admin of company A can never read or change company B; a fieldworker sees and changes only
 * their own rows. Walks every procedure of the app router as Acme's admin and as an Acme fieldworker with
 * Beta's ids; a procedure added without an entry in PROCEDURE_CASES fails the walk.
 */

let h: SyncHarness;
let acme: TenantIds;
let beta: TenantIds;
type Caller = Awaited<ReturnType<SyncHarness["app"]["callerAs"]>>;
let acmeAdmin: Caller;
let acmeFieldworker: Caller;
let anonymous: Caller;

const procedures = routerProcedures();
const cases = Object.entries(PROCEDURE_CASES);
const inputOf = (entry: ProcedureCase, t: TenantIds) => entry.input?.(t);
const describeResult = (result: CallResult) => (result.ok ? `succeeded: ${JSON.stringify(result.value).slice(0, 200)}` : `${result.code}: ${result.message}`);

beforeAll(async () => {
  h = await createSyncHarness({ bookingCount: 8 });
  await h.connect("acme", "Maria", "maria.acme@gmail.com");
  await h.connect("beta", "Maria", "maria.beta@gmail.com");
  await h.settle();
  acme = await loadTenantIds(h.app, "acme");
  beta = await loadTenantIds(h.app, "beta");
  acmeAdmin = await h.app.callerAs("admin@acme.test");
  acmeFieldworker = await h.app.callerAs("maria@acme.test");
  anonymous = h.app.anonymousCaller();
});
afterAll(() => h?.close());

/** Calls that must all be refused with one of `codes`; afterwards the whole database must be as before. */
async function expectRefusedWithoutWrites(calls: { label: string; caller: Caller; path: string; input: unknown }[], codes: string[]) {
  const before = await dumpAllTables(h.app.handle.db);
  const wrong: string[] = [];
  for (const call of calls) {
    const result = await attempt(call.caller, call.path, call.input);
    if (result.ok || !codes.includes(result.code)) wrong.push(`${call.label} ${call.path} ${describeResult(result)}`);
  }
  expect(wrong).toEqual([]);
  expect(await dumpAllTables(h.app.handle.db)).toEqual(before);
}

describe("the tenant walker's coverage", () => {
  it("has a case for every procedure of the app router, and nothing else", () => {
    expect(Object.keys(PROCEDURE_CASES).sort()).toEqual([...procedures.keys()].sort());
    expect(procedures.size).toBeGreaterThan(40);
  });

  it("declares each procedure's access as its middlewares enforce it, with no public procedure", () => {
    const declared = Object.fromEntries(cases.map(([path, entry]) => [path, entry.access]));
    const actual = Object.fromEntries([...procedures].map(([path, def]) => [path, accessOf(def)]));
    expect(actual).toEqual(declared);
  });

  it("has an input for every procedure that takes one, and a colleague's input for every id a fieldworker may name", () => {
    for (const [path, def] of procedures) {
      const entry = PROCEDURE_CASES[path];
      expect(Boolean(entry?.input), `${path} input`).toBe(def.inputs.length > 0);
      if (entry?.access === "signed-in" && entry.foreign === "refused") expect(entry.peer, `${path} peer`).toBeDefined();
    }
  });
});

describe("roles", () => {
  it("refuses an anonymous caller on every procedure", async () => {
    await expectRefusedWithoutWrites(
      cases.map(([path, entry]) => ({ label: "anonymous", caller: anonymous, path, input: inputOf(entry, acme) })),
      ["UNAUTHORIZED"],
    );
  });

  it("refuses a fieldworker every admin procedure, and an admin every fieldworker-only procedure", async () => {
    const adminOnly = cases.filter(([, entry]) => entry.access === "admin");
    const fieldworkerOnly = cases.filter(([, entry]) => entry.access === "fieldworker");
    expect(adminOnly.length).toBeGreaterThan(20);
    await expectRefusedWithoutWrites(
      [
        ...adminOnly.map(([path, entry]) => ({ label: "fieldworker", caller: acmeFieldworker, path, input: inputOf(entry, acme) })),
        ...fieldworkerOnly.map(([path, entry]) => ({ label: "admin", caller: acmeAdmin, path, input: inputOf(entry, acme) })),
      ],
      ["FORBIDDEN"],
    );
  });

  it("refuses a fieldworker every row of a colleague", async () => {
    const withPeer = cases.flatMap(([path, entry]) => (entry.peer ? [{ label: "fieldworker", caller: acmeFieldworker, path, input: entry.peer(acme) }] : []));
    expect(withPeer.length).toBeGreaterThanOrEqual(10);
    await expectRefusedWithoutWrites(withPeer, REFUSAL_CODES);
  });
});

describe("company isolation", () => {
  it.each(cases.filter(([, entry]) => entry.foreign === "refused").map(([path]) => path))(
    "%s refuses another company's ids to its admin and fieldworkers",
    async (path) => {
      const entry = PROCEDURE_CASES[path]!;
      const inputs = [inputOf(entry, beta), ...(entry.mixed?.(beta, acme) ?? [])];
      await expectRefusedWithoutWrites(
        [acmeAdmin, acmeFieldworker].flatMap((caller, i) =>
          inputs.map((input) => ({ label: i === 0 ? "acme admin" : "acme fieldworker", caller, path, input })),
        ),
        REFUSAL_CODES,
      );
    },
  );

  it("answers procedures that name no rows from the caller's company only, and leaves the other company untouched", async () => {
    const db = h.app.handle.db;
    const betaMarkers = companyMarkers(await dumpAllTables(db), beta.companyId);
    betaMarkers.add("beta.test").add("Beta Cleaning").add("maria.beta@gmail.com");
    expect(betaMarkers.size).toBeGreaterThan(50);
    const betaBefore = sliceOf(await dumpAllTables(db), betaMarkers);

    const leaks: string[] = [];
    for (const [path, entry] of cases.filter(([, e]) => e.foreign === "scoped")) {
      const inputs = [inputOf(entry, beta), ...(entry.mixed?.(beta, acme) ?? [])];
      for (const [label, caller] of [["acme admin", acmeAdmin], ["acme fieldworker", acmeFieldworker]] as const) {
        const allowed = entry.access === "signed-in" || (entry.access === "admin") === (caller === acmeAdmin);
        if (!allowed) continue;
        for (const input of inputs) {
          const result = await attempt(caller, path, input);
          if (!result.ok && REFUSAL_CODES.includes(result.code)) continue;
          if (!result.ok) {
            leaks.push(`${label} ${path} ${describeResult(result)}`);
            continue;
          }
          const text = JSON.stringify(result.value) ?? "";
          const named = [...betaMarkers].filter((marker) => text.includes(marker));
          if (named.length > 0) leaks.push(`${label} ${path} answered with Beta's ${named.slice(0, 3).join(", ")}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(sliceOf(await dumpAllTables(db), betaMarkers)).toEqual(betaBefore);
  });
});
