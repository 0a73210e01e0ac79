import { randomBytes } from "node:crypto";
import { SyncError } from "../sync-error";
import { googleEndpoints } from "../endpoints";
import { decodeBatchResponse, encodeBatch, type BatchRequestPart, type BatchResponsePart } from "./batch-format";

/** Google accepts up to 1,000 calls per batch request; smaller requests keep one failure's blast radius small. */
export const MAX_PARTS_PER_BATCH = 100;

/**
 * Sends Calendar calls as one HTTP batch (`POST /batch/calendar/v3`). Every part carries its own
 * Authorization header, so one request may serve several accounts; each call still counts against its
 * user's quota. Per-part failures come back as statuses for the caller to retry individually.
 */
export async function executeCalendarBatch(parts: BatchRequestPart[]): Promise<BatchResponsePart[]> {
  if (parts.length === 0) return [];
  if (parts.length > MAX_PARTS_PER_BATCH) throw new Error(`At most ${MAX_PARTS_PER_BATCH} parts per batch`);
  const boundary = `fieldsync_${randomBytes(12).toString("hex")}`;
  let response: Response;
  try {
    response = await fetch(new URL("batch/calendar/v3", googleEndpoints().apiRoot), {
      method: "POST",
      headers: { "content-type": `multipart/mixed; boundary=${boundary}` },
      body: encodeBatch(parts, boundary),
    });
  } catch (error) {
    throw new SyncError("TEMPORARY", `Batch request failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = await response.text();
  if (!response.ok) {
    const code = response.status === 429 || response.status >= 500 ? "TEMPORARY" : response.status === 401 ? "AUTH_EXPIRED" : "BAD_REQUEST";
    throw new SyncError(code, `Batch request answered ${response.status}`, response.status);
  }
  return decodeBatchResponse(response.headers.get("content-type") ?? "", text, parts.length);
}
