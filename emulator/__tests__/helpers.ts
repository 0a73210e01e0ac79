import { createServer, type IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { AddressInfo } from "node:net";
import { calendar, type calendar_v3 } from "@googleapis/calendar";
import { OAuth2Client, gaxios, type Credentials } from "google-auth-library";
import { controlClient } from "../control-client";
import { createEmulator, type Emulator, type EmulatorOptions } from "../index";

export const CLIENT_ID = "test-client.apps.googleusercontent.com";
export const CLIENT_SECRET = "test-secret";
export const REDIRECT_URI = "http://localhost:3999/getAuthKey";
export const FIELDSYNC_SCOPES = [
  "https://www.googleapis.com/auth/calendar.calendarlist.readonly",
  "https://www.googleapis.com/auth/calendar.app.created",
  "https://www.googleapis.com/auth/calendar.events.readonly",
  "openid",
  "email",
];

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return createEmulator({
    port: 0,
    clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI], projectName: "FieldSync Test" }],
    config: { notificationRetryDelaysMs: [20, 40, 80], allowHttpWebhooks: true },
    ...options,
  });
}

export function oauthClient(url: string, clientId = CLIENT_ID, clientSecret = CLIENT_SECRET): OAuth2Client {
  return new OAuth2Client({
    clientId,
    clientSecret,
    redirectUri: REDIRECT_URI,
    endpoints: {
      oauth2AuthBaseUrl: `${url}/o/oauth2/v2/auth`,
      oauth2TokenUrl: `${url}/token`,
      oauth2RevokeUrl: `${url}/revoke`,
      tokenInfoUrl: `${url}/tokeninfo`,
      oauth2FederatedSignonPemCertsUrl: `${url}/oauth2/v1/certs`,
    },
  });
}

/** Opens the consent screen like a browser and submits its form; returns the redirect Location. */
export async function consent(authUrl: string, decision: "allow" | "cancel", email: string): Promise<URL> {
  const page = await fetch(authUrl);
  const markup = await page.text();
  const id = /name="auth_request" value="([^"]+)"/.exec(markup)?.[1];
  if (!id) throw new Error(`No consent form (HTTP ${page.status}): ${markup.slice(0, 400)}`);
  const res = await fetch(new URL("/o/oauth2/v2/auth/consent", authUrl), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ auth_request: id, decision, account: "__other__", email }).toString(),
    redirect: "manual",
  });
  const location = res.headers.get("location");
  if (!location) throw new Error(`Consent did not redirect (HTTP ${res.status})`);
  return new URL(location);
}

export interface Connected {
  oauth: OAuth2Client;
  cal: calendar_v3.Calendar;
  tokens: Credentials;
}

/** The full code flow through google-auth-library, then a Calendar client on the emulator's rootUrl. */
export async function connect(
  emu: Emulator,
  email: string,
  scope: string[] = FIELDSYNC_SCOPES,
  extra: { prompt?: string; accessType?: "online" | "offline" } = {},
): Promise<Connected> {
  const oauth = oauthClient(emu.url);
  const authUrl = oauth.generateAuthUrl({ access_type: extra.accessType ?? "offline", scope, state: "s1", ...(extra.prompt ? { prompt: extra.prompt } : {}) });
  const redirect = await consent(authUrl, "allow", email);
  const code = redirect.searchParams.get("code");
  if (!code) throw new Error(`No code in ${redirect.toString()}`);
  const { tokens } = await oauth.getToken(code);
  oauth.setCredentials(tokens);
  return { oauth, cal: calendar({ version: "v3", auth: oauth, rootUrl: `${emu.url}/` }), tokens };
}

export function control(emu: Emulator) {
  return controlClient(emu.url);
}

export interface Notification {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local webhook target; `respond` decides each status (default 200). */
export async function webhookReceiver(respond: (n: Notification, index: number) => number = () => 200) {
  const received: Notification[] = [];
  const attempts: Notification[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const n = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      const status = respond(n, attempts.length);
      attempts.push(n);
      if (status < 300) received.push(n);
      res.statusCode = status;
      res.end();
      for (const w of [...waiters]) {
        if (received.length >= w.count) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    attempts,
    waitFor(count: number, timeoutMs = 3000): Promise<void> {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`Got ${received.length} notifications, wanted ${count}`)), timeoutMs);
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The parts of a GaxiosError a caller branches on. */
export async function apiError(promise: Promise<unknown>): Promise<{ gaxios: boolean; status?: number; reason?: string; code?: unknown; message: string }> {
  try {
    await promise;
  } catch (err) {
    if (!(err instanceof gaxios.GaxiosError)) throw err;
    const data = err.response?.data as { error?: { errors?: { reason?: string }[] } } | undefined;
    return { gaxios: true, status: err.status, code: err.code, message: err.message, reason: data?.error?.errors?.[0]?.reason };
  }
  throw new Error("Expected the call to fail");
}

export const isoIn = (days: number, hour: number) => {
  const d = new Date(Date.UTC(2030, 0, 1 + days, hour));
  return d.toISOString().replace(".000Z", "Z");
};

/**
 * The emulator of one test file: started once (`use` receives it), reset before every test and then
 * `prepare`d (a user connected, a calendar made), closed at the end.
 */
export function emulatorPerFile(use: (emu: Emulator) => void, prepare: (emu: Emulator) => Promise<void> | void = () => undefined): void {
  let started: Emulator | undefined;
  beforeAll(async () => {
    started = await startEmulator();
    use(started);
  });
  afterAll(async () => started?.close());
  beforeEach(async () => {
    started!.reset();
    await prepare(started!);
  });
}
