import { describe, expect, it } from "vitest";
import { decideOwnEventChange, type ItemTimes, type OwnEventAction, type OwnEventChangeInput, type StoredOwnCopy } from "../own-event-change";
import type { ParsedGoogleEvent, SyncDirection } from "../types";
import { buildParsedEvent } from "./factories";

const PUSHED: ItemTimes = { startsAt: new Date("2026-03-01T22:00:00Z"), endsAt: new Date("2026-03-01T23:30:00Z") };
const MOVED_IN_GOOGLE: ItemTimes = { startsAt: new Date("2026-03-02T00:00:00Z"), endsAt: new Date("2026-03-02T01:30:00Z") };
const MOVED_IN_APP: ItemTimes = { startsAt: new Date("2026-03-03T22:00:00Z"), endsAt: new Date("2026-03-03T23:30:00Z") };
const WRITTEN_HASH = "hash-of-what-we-wrote";
const EDITED_HASH = "hash-after-a-google-edit";

function buildStored(overrides: Partial<StoredOwnCopy> = {}): StoredOwnCopy {
  return { kind: "booking", pushedStartsAt: PUSHED.startsAt, pushedEndsAt: PUSHED.endsAt, contentHash: WRITTEN_HASH, ...overrides };
}

function buildInput(overrides: Partial<Omit<OwnEventChangeInput, "google">> & { google?: Partial<ParsedGoogleEvent> } = {}): OwnEventChangeInput {
  const { google, ...rest } = overrides;
  return {
    stored: buildStored(),
    googleContentHash: WRITTEN_HASH,
    current: PUSHED,
    direction: "two_way",
    ...rest,
    google: buildParsedEvent({ startsAt: PUSHED.startsAt, endsAt: PUSHED.endsAt, ...google }),
  };
}

const deletedInGoogle = { cancelled: true, startsAt: null, endsAt: null } satisfies Partial<ParsedGoogleEvent>;
const movedInGoogle = { startsAt: MOVED_IN_GOOGLE.startsAt, endsAt: MOVED_IN_GOOGLE.endsAt } satisfies Partial<ParsedGoogleEvent>;
const ALL_DIRECTIONS: SyncDirection[] = ["two_way", "app_to_google", "google_to_app"];

interface Case {
  situation: string;
  input: Parameters<typeof buildInput>[0];
  expected: Record<SyncDirection, OwnEventAction>;
}

const none = { action: "none" } as const;
const repush = { action: "repush" } as const;
const forget = { action: "forget" } as const;

const cases: Case[] = [
  {
    situation: "Google echoes our own write",
    input: {},
    expected: { two_way: none, app_to_google: none, google_to_app: none },
  },
  {
    situation: "Google echoes our write with milliseconds we pushed but Google dropped",
    input: { stored: buildStored({ pushedStartsAt: new Date(PUSHED.startsAt.getTime() + 250) }), current: { ...PUSHED, startsAt: new Date(PUSHED.startsAt.getTime() + 250) } },
    expected: { two_way: none, app_to_google: none, google_to_app: none },
  },
  {
    situation: "the title or description was edited in Google",
    input: { googleContentHash: EDITED_HASH },
    expected: { two_way: repush, app_to_google: repush, google_to_app: none },
  },
  {
    situation: "the time was changed in Google only",
    input: { google: movedInGoogle, googleContentHash: EDITED_HASH },
    expected: {
      two_way: { action: "accept_google_time", ...MOVED_IN_GOOGLE },
      app_to_google: repush,
      google_to_app: none,
    },
  },
  {
    situation: "the time was changed in Google and in FieldSync",
    input: { google: movedInGoogle, googleContentHash: EDITED_HASH, current: MOVED_IN_APP },
    expected: { two_way: repush, app_to_google: repush, google_to_app: none },
  },
  {
    situation: "FieldSync moved the booking and Google still shows what we pushed",
    input: { current: MOVED_IN_APP },
    expected: { two_way: none, app_to_google: none, google_to_app: none },
  },
  {
    situation: "FieldSync moved the booking and Google's other fields were edited",
    input: { current: MOVED_IN_APP, googleContentHash: EDITED_HASH },
    expected: { two_way: repush, app_to_google: repush, google_to_app: none },
  },
  {
    situation: "we never recorded what we pushed",
    input: { stored: buildStored({ pushedStartsAt: null, pushedEndsAt: null, contentHash: null }) },
    expected: { two_way: repush, app_to_google: repush, google_to_app: none },
  },
  {
    situation: "a booking copy was deleted in Google while the booking still wants it",
    input: { google: deletedInGoogle },
    expected: { two_way: { action: "record_conflict" }, app_to_google: { action: "recreate" }, google_to_app: forget },
  },
  {
    situation: "an unavailable copy was deleted in Google while the block still exists",
    input: { stored: buildStored({ kind: "unavailable" }), google: { ...deletedInGoogle, kind: "unavailable" } },
    expected: { two_way: { action: "delete_block" }, app_to_google: { action: "recreate" }, google_to_app: forget },
  },
  {
    situation: "a booking copy was deleted in Google and FieldSync no longer wants it",
    input: { google: deletedInGoogle, current: null },
    expected: { two_way: forget, app_to_google: forget, google_to_app: forget },
  },
  {
    situation: "an unavailable copy was deleted in Google after its block was deleted",
    input: { stored: buildStored({ kind: "unavailable" }), google: deletedInGoogle, current: null },
    expected: { two_way: forget, app_to_google: forget, google_to_app: forget },
  },
  {
    situation: "a copy FieldSync no longer wants was edited in Google",
    input: { google: movedInGoogle, googleContentHash: EDITED_HASH, current: null },
    expected: { two_way: none, app_to_google: none, google_to_app: none },
  },
  {
    situation: "an unavailable copy was moved in Google",
    input: { stored: buildStored({ kind: "unavailable" }), google: { ...movedInGoogle, kind: "unavailable" }, googleContentHash: EDITED_HASH },
    expected: {
      two_way: { action: "accept_google_time", ...MOVED_IN_GOOGLE },
      app_to_google: repush,
      google_to_app: none,
    },
  },
];

describe("ownership rules for a Google change to an event FieldSync wrote", () => {
  it.each(cases.flatMap(({ situation, input, expected }) => ALL_DIRECTIONS.map((direction) => ({ situation, direction, input, expected: expected[direction] }))))(
    "$direction: $situation → $expected.action",
    ({ direction, input, expected }) => {
      expect(decideOwnEventChange(buildInput({ ...input, direction }))).toEqual(expected);
    },
  );

  it("repushes rather than trusting Google times when it cannot tell who moved the event", () => {
    const input = buildInput({ stored: buildStored({ pushedStartsAt: null, pushedEndsAt: null }), google: movedInGoogle, googleContentHash: EDITED_HASH });
    expect(decideOwnEventChange(input)).toEqual(repush);
  });
});
