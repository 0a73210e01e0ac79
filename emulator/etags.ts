import type { Store } from "./store";

/** An event's etag: unique per change, like Google's quoted microsecond stamps. */
export function eventEtag(store: Store, seq: number): string {
  return `"${store.now() * 1000 + (seq % 1000)}"`;
}
