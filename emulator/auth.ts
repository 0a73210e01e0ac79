import type { AccessToken } from "./entities";
import { googleErrors } from "./errors";
import type { EmuRequest } from "./http";
import type { Store } from "./store";

export function bearerToken(req: EmuRequest): string | undefined {
  const header = req.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(.+)$/i.exec(header.trim());
    return m?.[1];
  }
  return req.query.get("access_token") ?? undefined;
}

/** The live access token for a request, or undefined (used for fault matching before auth is enforced). */
export function peekToken(store: Store, req: EmuRequest): AccessToken | undefined {
  const raw = bearerToken(req);
  if (!raw) return undefined;
  const token = store.accessTokens.get(raw);
  if (!token || token.expiresAt <= store.now()) return undefined;
  return token;
}

/** Every Calendar call checks the token: missing → 401 required, unknown/expired/revoked → 401 authError. */
export function authenticate(store: Store, req: EmuRequest): AccessToken {
  const raw = bearerToken(req);
  if (!raw) throw googleErrors.loginRequired();
  const token = store.accessTokens.get(raw);
  if (!token) throw googleErrors.invalidCredentials();
  if (token.expiresAt <= store.now()) {
    store.accessTokens.delete(raw);
    throw googleErrors.invalidCredentials();
  }
  return token;
}
