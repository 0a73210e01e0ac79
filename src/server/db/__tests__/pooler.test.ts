import { describe, expect, it } from "vitest";
import { planPostgresConnection } from "../pooler";

describe("planPostgresConnection", () => {
  it.each([
    ["postgres://u:p@db.example.com:5432/app", false, 10],
    ["postgres://u:p@pooler.supabase.com:6543/postgres", true, 5],
    ["postgres://u:p@ep-x-pooler.neon.tech/app?sslmode=require&pgbouncer=true", true, 5],
    ["postgres://u:p@127.0.0.1:6432/test?pgbouncer=false", false, 10],
  ])("%s → transaction pooler %s, max %i", (url, pooled, max) => {
    const plan = planPostgresConnection(url);
    expect(plan).toMatchObject({ transactionPooler: pooled, prepare: !pooled, max });
    expect(plan.url).not.toContain("pgbouncer");
  });

  it("keeps the other query parameters", () => {
    expect(planPostgresConnection("postgres://h/app?sslmode=require&pgbouncer=true").url).toBe("postgres://h/app?sslmode=require");
  });

  it("follows DATABASE_POOLER and DATABASE_POOL_MAX over detection", () => {
    expect(planPostgresConnection("postgres://h:6543/app", { pooler: "none" })).toMatchObject({ transactionPooler: false, prepare: true });
    expect(planPostgresConnection("postgres://h/app", { pooler: "transaction", max: 2 })).toMatchObject({ prepare: false, max: 2, idleTimeout: 20 });
  });
});
