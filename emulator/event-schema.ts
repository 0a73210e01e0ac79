import type { calendar_v3 } from "@googleapis/calendar";
import { googleErrors } from "./errors";
import { isRecord } from "./http";

/**
 * The Events resource as Google's reference lists it (https://developers.google.com/workspace/calendar/api/v3/reference/events),
 * to read request bodies the way Google does: a field the resource does not have is dropped (never stored or echoed back),
 * a known field of the wrong JSON type is refused with 400 `invalid` ("Invalid value for: …"). `null` stays: patch
 * uses it to clear a field.
 */
type Shape = "string" | "boolean" | "integer" | "json" | { object: Record<string, Shape> } | { array: Shape } | "stringMap";

const DATE_TIME: Shape = { object: { date: "string", dateTime: "string", timeZone: "string" } };
const PERSON: Shape = { object: { id: "string", email: "string", displayName: "string", self: "boolean" } };

const EVENT_SHAPE: Record<string, Shape> = {
  kind: "string",
  etag: "string",
  id: "string",
  status: "string",
  htmlLink: "string",
  created: "string",
  updated: "string",
  summary: "string",
  description: "string",
  location: "string",
  colorId: "string",
  eventLabelId: "string",
  creator: PERSON,
  organizer: PERSON,
  start: DATE_TIME,
  end: DATE_TIME,
  endTimeUnspecified: "boolean",
  recurrence: { array: "string" },
  recurringEventId: "string",
  originalStartTime: DATE_TIME,
  transparency: "string",
  visibility: "string",
  iCalUID: "string",
  sequence: "integer",
  attendees: {
    array: {
      object: {
        id: "string",
        email: "string",
        displayName: "string",
        organizer: "boolean",
        self: "boolean",
        resource: "boolean",
        optional: "boolean",
        responseStatus: "string",
        comment: "string",
        additionalGuests: "integer",
      },
    },
  },
  attendeesOmitted: "boolean",
  extendedProperties: { object: { private: "stringMap", shared: "stringMap" } },
  hangoutLink: "string",
  conferenceData: "json",
  gadget: "json",
  anyoneCanAddSelf: "boolean",
  guestsCanInviteOthers: "boolean",
  guestsCanModify: "boolean",
  guestsCanSeeOtherGuests: "boolean",
  privateCopy: "boolean",
  locked: "boolean",
  reminders: { object: { useDefault: "boolean", overrides: { array: { object: { method: "string", minutes: "integer" } } } } },
  source: { object: { url: "string", title: "string" } },
  workingLocationProperties: {
    object: {
      type: "string",
      homeOffice: "json",
      customLocation: { object: { label: "string" } },
      officeLocation: { object: { buildingId: "string", floorId: "string", floorSectionId: "string", deskId: "string", label: "string" } },
    },
  },
  outOfOfficeProperties: { object: { autoDeclineMode: "string", declineMessage: "string" } },
  focusTimeProperties: { object: { autoDeclineMode: "string", declineMessage: "string", chatStatus: "string" } },
  attachments: { array: { object: { fileUrl: "string", title: "string", mimeType: "string", iconLink: "string", fileId: "string" } } },
  birthdayProperties: { object: { contact: "string", type: "string", customTypeName: "string" } },
  eventType: "string",
};

function refuse(path: string, value: unknown): never {
  throw googleErrors.invalid(`Invalid value for: ${path}: ${JSON.stringify(value)}`);
}

function read(value: unknown, shape: Shape, path: string): unknown {
  if (value === null || shape === "json") return value;
  if (shape === "string") return typeof value === "string" ? value : refuse(path, value);
  if (shape === "boolean") return typeof value === "boolean" ? value : refuse(path, value);
  if (shape === "integer") return typeof value === "number" && Number.isInteger(value) ? value : refuse(path, value);
  if (shape === "stringMap") {
    if (!isRecord(value)) refuse(path, value);
    for (const [k, v] of Object.entries(value)) if (typeof v !== "string") refuse(`${path}.${k}`, v);
    return value;
  }
  if ("array" in shape) {
    if (!Array.isArray(value)) refuse(path, value);
    return value.map((item, i) => read(item, shape.array, `${path}[${i}]`));
  }
  if (!isRecord(value)) refuse(path, value);
  return readObject(value, shape.object, path);
}

function readObject(value: Record<string, unknown>, fields: Record<string, Shape>, path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const shape = fields[key];
    // Unknown fields are dropped, as Google's JSON parser does for this API.
    if (shape === undefined || item === undefined) continue;
    out[key] = read(item, shape, path ? `${path}.${key}` : key);
  }
  return out;
}

/** A request body read as an Event: unknown fields dropped, wrongly typed ones refused (400 invalid). */
export function readEventResource(body: Record<string, unknown>): calendar_v3.Schema$Event {
  return readObject(body, EVENT_SHAPE, "") as calendar_v3.Schema$Event;
}
