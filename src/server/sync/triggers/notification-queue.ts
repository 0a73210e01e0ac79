import type { Db } from "../../db/client";
import type { Notification } from "./decide-notifications";
import { handleNotificationBatch, type WebhookOutcome } from "./notification-batch";

/** More than this waiting go in several batches (one statement's parameters stay bounded). */
const MAX_BATCH = 500;

interface Waiting {
  notification: Notification;
  resolve: (outcome: WebhookOutcome) => void;
  reject: (error: unknown) => void;
}

interface Queue {
  waiting: Waiting[];
  writing: boolean;
}

const queues = new WeakMap<Db, Queue>();

/**
 * Google sends one notification per change, so a burst of changes (FieldSync's own writes echoing back,
 * someone's bulk edit) arrives as a burst of webhook requests. While one batch is being written, the
 * notifications arriving in this process wait and go together in the next: two statements a batch
 * (notification-batch.ts) whatever its size. A notification arriving when nothing is being written goes at
 * once, so a quiet calendar's change waits for nothing. Each request is answered once its own write is done.
 */
export function handleNotification(db: Db, notification: Notification): Promise<WebhookOutcome> {
  let queue = queues.get(db);
  if (!queue) {
    queue = { waiting: [], writing: false };
    queues.set(db, queue);
  }
  const q = queue;
  return new Promise<WebhookOutcome>((resolve, reject) => {
    q.waiting.push({ notification, resolve, reject });
    if (!q.writing) void writeWaiting(db, q);
  });
}

async function writeWaiting(db: Db, queue: Queue): Promise<void> {
  queue.writing = true;
  try {
    while (queue.waiting.length > 0) {
      const batch = queue.waiting.splice(0, MAX_BATCH);
      try {
        const outcomes = await handleNotificationBatch(
          db,
          batch.map((w) => w.notification),
        );
        batch.forEach((w, i) => w.resolve(outcomes[i]!));
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
  } finally {
    queue.writing = false;
  }
}
