/** Plain data the pure sync core works on: no database rows, no clients, time passed in. */

export type { SyncDirection } from "../../../lib/sync-direction";

export interface CompanyForEvent {
  name: string;
  timeZone: string;
  currencyCode: string;
  currencySymbol: string;
}

export interface BookingForEvent {
  id: string;
  companyId: string;
  serviceName: string;
  serviceDescription: string;
  amountCents: number;
  currencyCode: string;
  suburb: string;
  /** Up to three. */
  addresses: string[];
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
  createdByName: string | null;
  status: { name: string; pushToGoogle: boolean; deleteFromGoogle: boolean };
  customer: {
    name: string;
    businessName: string | null;
    email: string | null;
    phone: string | null;
    timeZone: string;
    properties: Record<string, string>;
  };
  /** Display names of every assigned fieldworker, in assignment order. */
  fieldworkerNames: string[];
}

export interface UnavailableForEvent {
  id: string;
  companyId: string;
  fieldworkerId: string;
  startsAt: Date;
  endsAt: Date;
  note: string;
}

/** Keys of extendedProperties.private on the events FieldSync writes (Google: keys ≤ 44 chars). */
export const PRIVATE_KEYS = {
  kind: "fieldsyncKind",
  companyId: "fieldsyncCompanyId",
  bookingId: "fieldsyncBookingId",
  fieldworkerId: "fieldsyncFieldworkerId",
  unavailableBlockId: "fieldsyncUnavailableId",
} as const;

/** A Google event reduced to what FieldSync stores, whichever calendar it came from. */
export interface ParsedGoogleEvent {
  googleEventId: string;
  cancelled: boolean;
  /** Ours when it carries our private properties (kind booking/unavailable), else foreign. */
  kind: "foreign" | "booking" | "unavailable";
  companyId: string | null;
  bookingId: string | null;
  fieldworkerId: string | null;
  unavailableBlockId: string | null;
  etag: string | null;
  summary: string;
  description: string | null;
  location: string | null;
  htmlLink: string | null;
  /** Absent for a cancelled event that came back with only its id. */
  startsAt: Date | null;
  endsAt: Date | null;
  allDay: boolean;
  /** By Google's availability rules (`busy-rule.ts`), from the three facts below. */
  busy: boolean;
  eventType: string;
  transparency: "opaque" | "transparent";
  selfResponseStatus: string | null;
  isPrivate: boolean;
  updatedAt: Date | null;
}
