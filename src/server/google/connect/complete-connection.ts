import type { Db } from "../../db/client";
import { logger } from "../../observability/logger";
import { classifyGoogleError } from "../sync-error";
import { CONNECTION_FAILED_MESSAGE, type CallbackParams, type ConnectionOutcome } from "./connection-outcome";
import { exchangeGrant } from "./exchange-grant";
import { persistConnection } from "./persist-connection";
import { verifyCallback } from "./verify-callback";

export type { CallbackParams, ConnectionOutcome } from "./connection-outcome";

/**
 * `/getAuthKey`: everything after Google redirects back, in three steps — verify the callback (ours, this
 * browser's, unspent, still possible), exchange the code with Google (tokens, identity, admission, company
 * calendar), persist the connection. Nothing is stored unless the whole connection succeeds. An unexpected
 * error is logged with its detail; the page only says the connection failed.
 */
export async function completeConnection(db: Db, params: CallbackParams, now: Date): Promise<ConnectionOutcome> {
  const callback = await verifyCallback(db, params, now);
  if (callback.kind !== "verified") return callback;
  try {
    const grant = await exchangeGrant(db, callback, now);
    if (grant.kind !== "granted") return grant;
    return await persistConnection(db, callback, grant, now);
  } catch (error) {
    logger().error({ companyId: callback.companyId, fieldworkerId: callback.fieldworker.id, err: classifyGoogleError(error) }, "connecting a Google account failed");
    return { kind: "failed", message: CONNECTION_FAILED_MESSAGE };
  }
}
