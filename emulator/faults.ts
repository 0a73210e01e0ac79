import type { FaultKind, FaultMatch, FaultRule } from "./entities";
import type { Store } from "./store";
import { grantKey } from "./store";

export interface FaultContext {
  surface: NonNullable<FaultMatch["surface"]>;
  method: string;
  path: string;
  account?: string;
  project?: string;
  calendarId?: string;
}

function pathMatches(pattern: string, path: string): boolean {
  if (pattern.length > 2 && pattern.startsWith("/") && pattern.endsWith("/")) {
    try {
      return new RegExp(pattern.slice(1, -1)).test(path);
    } catch {
      return false;
    }
  }
  return path.includes(pattern);
}

function matches(m: FaultMatch, ctx: FaultContext): boolean {
  if (m.surface && m.surface !== ctx.surface) return false;
  if (m.method && m.method.toUpperCase() !== ctx.method) return false;
  if (m.path && !pathMatches(m.path, ctx.path)) return false;
  if (m.account && m.account.toLowerCase() !== ctx.account) return false;
  if (m.project && m.project !== ctx.project) return false;
  if (m.calendarId && m.calendarId !== ctx.calendarId) return false;
  return true;
}

/** Rolls every matching rule of the given kind once; counts down and retires rules with a count. */
export function triggeredFaults(store: Store, ctx: FaultContext, kind: FaultKind): FaultRule[] {
  const fired: FaultRule[] = [];
  // Rules with a set duration end on the emulator's clock (advanceable), like an outage that blows over.
  const now = store.now();
  if (store.faults.some((r) => r.activeUntil !== undefined && r.activeUntil <= now)) {
    store.faults = store.faults.filter((r) => r.activeUntil === undefined || r.activeUntil > now);
  }
  for (const rule of [...store.faults]) {
    if (rule.kind !== kind || !matches(rule.match, ctx)) continue;
    if (rule.probability !== undefined && store.random() >= rule.probability) continue;
    if (rule.count !== undefined) {
      rule.count -= 1;
      if (rule.count <= 0) store.faults = store.faults.filter((r) => r !== rule);
    }
    fired.push(rule);
  }
  return fired;
}

/** Applies injected latency, then returns the error fault to answer with, if any. */
export async function applyFaults(store: Store, ctx: FaultContext): Promise<FaultRule | undefined> {
  const delay = triggeredFaults(store, ctx, "latency").reduce((sum, r) => sum + (r.latencyMs ?? 0), 0);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  return triggeredFaults(store, ctx, "error")[0];
}

export function calendarIdFromPath(path: string): string | undefined {
  const m = /\/calendars\/([^/]+)/.exec(path);
  if (!m?.[1]) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return undefined;
  }
}

/** Simulates the user (or Google) revoking access: every token of the matching grants dies → invalid_grant. */
export function revokeTokens(store: Store, filter: { email?: string; clientId?: string }): number {
  const email = filter.email?.toLowerCase();
  const hit = (t: { userEmail: string; clientId: string }) =>
    (email === undefined || t.userEmail === email) && (filter.clientId === undefined || t.clientId === filter.clientId);
  let n = 0;
  for (const [k, t] of store.refreshTokens) {
    if (!hit(t)) continue;
    store.refreshTokens.delete(k);
    n++;
  }
  for (const [k, t] of store.accessTokens) if (hit(t)) store.accessTokens.delete(k);
  for (const [k, g] of store.grants) if (hit(g)) store.grants.delete(k);
  store.changed();
  return n;
}

export function revokeGrant(store: Store, clientId: string, userEmail: string): void {
  store.grants.delete(grantKey(clientId, userEmail));
  revokeTokens(store, { email: userEmail, clientId });
}

/** Makes existing sync tokens answer 410 fullSyncRequired. */
export function invalidateSyncTokens(store: Store, filter: { email?: string; calendarId?: string }): number {
  let n = 0;
  const email = filter.email?.toLowerCase();
  for (const cal of store.calendars.values()) {
    if (filter.calendarId !== undefined && cal.id !== filter.calendarId) continue;
    if (email !== undefined && !store.listEntry(email, cal.id)) continue;
    cal.syncEpoch += 1;
    n++;
  }
  store.changed();
  return n;
}
