import type { CallMeter } from "./call-meter";
import type { IdTokenSigner } from "./id-tokens";
import type { Notifier } from "./notifications";
import type { QuotaTracker } from "./quotas";
import type { Store } from "./store";

/** What every route module receives. */
export interface EmulatorContext {
  store: Store;
  notifier: Notifier;
  quotas: QuotaTracker;
  signer: IdTokenSigner;
  callMeter: CallMeter;
}
