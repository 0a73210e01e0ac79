import { Auth } from "@auth/core";
import { AccessDenied, CredentialsSignin } from "@auth/core/errors";
import type { Session } from "next-auth";
import { authConfig } from "../../auth/config";
import type { DbHandle } from "../../db/client";

/** Makes the app's getDb() (used by the Auth.js config) answer with this test's database. */
export function useTestDbForAuth(handle: DbHandle): void {
  (globalThis as unknown as { fieldsyncDb?: Promise<DbHandle> }).fieldsyncDb = Promise.resolve(handle);
}

const BASE = "http://localhost:3000/api/auth";

/**
 * What `NextAuth(authConfig)` hands its route handlers (next-auth adds the `/api/auth` base path). The expected
 * refusals (wrong password, throttled) aren't logged: the tests make hundreds of them.
 */
const handle = (request: Request) =>
  Auth(request, {
    ...authConfig(),
    basePath: "/api/auth",
    logger: { error: (error) => (error instanceof CredentialsSignin || error instanceof AccessDenied ? undefined : console.error(error)) },
  });

/**
 * A browser talking to the real Auth.js route handlers (the app's `/api/auth/*`): it keeps cookies, fetches the
 * CSRF token like the sign-in page does, and reads the session the way the app does.
 */
export class AuthBrowser {
  readonly cookies = new Map<string, string>();

  constructor(private readonly ip = "203.0.113.7") {}

  private headers(extra: Record<string, string> = {}): Headers {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    return new Headers({ ...(cookie ? { cookie } : {}), "x-forwarded-for": this.ip, ...extra });
  }

  private keep(response: Response): Response {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /expires=Thu, 01 Jan 1970/i.test(a));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  async get(path: string): Promise<Response> {
    return this.keep(await handle(new Request(`${BASE}${path}`, { headers: this.headers() })));
  }

  async post(path: string, form: Record<string, string>): Promise<Response> {
    const { csrfToken } = (await (await this.get("/csrf")).json()) as { csrfToken: string };
    const request = new Request(`${BASE}${path}`, {
      method: "POST",
      headers: this.headers({ "content-type": "application/x-www-form-urlencoded" }),
      body: new URLSearchParams({ ...form, csrfToken }),
    });
    return this.keep(await handle(request));
  }

  /** What a forged cross-site form sends: the victim's cookies, but no CSRF token (the attacker can't read it). */
  async postForged(path: string, form: Record<string, string>): Promise<Response> {
    const request = new Request(`${BASE}${path}`, {
      method: "POST",
      headers: this.headers({ "content-type": "application/x-www-form-urlencoded", origin: "http://localhost:4000" }),
      body: new URLSearchParams(form),
    });
    return this.keep(await handle(request));
  }

  /** Signs in with a password; returns where Auth.js sent the browser. */
  async signInWithPassword(email: string, password: string): Promise<URL> {
    const response = await this.post("/callback/credentials", { email, password, callbackUrl: "/calendar" });
    return new URL(response.headers.get("location") ?? "", BASE);
  }

  async askForSignInLink(email: string): Promise<URL> {
    const response = await this.post("/signin/resend", { email, callbackUrl: "/calendar" });
    return new URL(response.headers.get("location") ?? "", BASE);
  }

  async signOut(): Promise<void> {
    await this.post("/signout", { callbackUrl: "/login" });
  }

  /** The session the app would see for this browser's cookies (null when signed out or revoked). */
  async session(): Promise<Session | null> {
    const response = await this.get("/session");
    const body = (await response.json()) as Session | null;
    return body?.user ? body : null;
  }

  get sessionCookie(): string | undefined {
    return this.cookies.get("authjs.session-token");
  }
}
