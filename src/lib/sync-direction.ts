/** A company's sync direction: the one list the database enum, the settings form's zod schema and the sync engine use. */
export const SYNC_DIRECTIONS = ["two_way", "app_to_google", "google_to_app"] as const;
export type SyncDirection = (typeof SYNC_DIRECTIONS)[number];
