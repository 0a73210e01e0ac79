import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname } from "node:path";
import { buildApp } from "./app";
import type { EmulatorContext } from "./context";
import type { OAuthClient } from "./entities";
import { toEmuRequest, writeEmuResponse } from "./http";
import { IdTokenSigner } from "./id-tokens";
import { Notifier } from "./notifications";
import { CallMeter } from "./call-meter";
import { QuotaTracker } from "./quotas";
import { applySeed, type Seed } from "./seed";
import { DEFAULT_CONFIG, Store, type EmulatorConfig, type StateSnapshot } from "./store";

export type { Seed } from "./seed";
export type { EmulatorConfig, StateSnapshot } from "./store";
export { SCOPES } from "./scopes";
export { defaultSeed } from "./seed";

export interface EmulatorOptions {
  /** 0 picks a free port (tests). Default 4010. */
  port?: number;
  host?: string;
  /** OAuth clients registered at start and kept across reset(). */
  clients?: (Omit<OAuthClient, "projectName"> & { projectName?: string })[];
  /** Users, calendars and events to start with; applied again by reset(). */
  seed?: Seed | ((nowMs: number) => Seed);
  config?: Partial<EmulatorConfig>;
  /** JSON file that keeps state across restarts (loaded at start, written after changes). */
  stateFile?: string;
  /** Seed of the generator behind probabilistic faults. */
  randomSeed?: number;
}

export interface Emulator {
  url: string;
  store: Store;
  /** Back to the start state: registered clients kept; config, faults, quotas and data as at start. */
  reset(): void;
  /** Resolves when no push notification is being delivered or waiting for a retry. */
  drainNotifications(): Promise<void>;
  close(): Promise<void>;
}

const SAVE_DEBOUNCE_MS = 250;

export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const store = new Store(options.config, options.randomSeed ?? 1);
  const ctx: EmulatorContext = { store, notifier: new Notifier(store), quotas: new QuotaTracker(store), signer: new IdTokenSigner(), callMeter: new CallMeter() };

  const registerClients = () => {
    for (const c of options.clients ?? []) store.clients.set(c.clientId, { ...c, projectName: c.projectName ?? c.clientId });
  };
  const applyStartSeed = () => {
    if (options.seed) applySeed(store, typeof options.seed === "function" ? options.seed(store.now()) : options.seed);
  };
  const reset = () => {
    store.clear();
    store.config = { ...DEFAULT_CONFIG, ...options.config };
    ctx.quotas.reset();
    ctx.callMeter.reset();
    applyStartSeed();
  };

  registerClients();
  if (options.stateFile && existsSync(options.stateFile)) {
    const clients = [...store.clients.values()];
    store.restore(JSON.parse(readFileSync(options.stateFile, "utf8")) as StateSnapshot);
    for (const c of clients) store.clients.set(c.clientId, c);
  } else {
    applyStartSeed();
  }

  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => {
    if (!options.stateFile) return;
    mkdirSync(dirname(options.stateFile), { recursive: true });
    const tmp = `${options.stateFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(store.snapshot()));
    renameSync(tmp, options.stateFile);
  };
  if (options.stateFile) {
    store.onChange(() => {
      if (saveTimer) return;
      saveTimer = setTimeout(() => {
        saveTimer = undefined;
        save();
      }, SAVE_DEBOUNCE_MS);
    });
  }

  const handle = buildApp(ctx, reset);
  const server: Server = createServer((req, res) => {
    toEmuRequest(req)
      .then(handle)
      .then((response) => writeEmuResponse(res, response, req.method === "HEAD"))
      .catch((err: unknown) => {
        console.error("[emulator] request failed", err);
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4010, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    store,
    reset,
    drainNotifications: () => ctx.notifier.drain(),
    close: async () => {
      ctx.notifier.close();
      if (saveTimer) clearTimeout(saveTimer);
      save();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
