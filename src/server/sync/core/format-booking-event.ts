import type { calendar_v3 } from "@googleapis/calendar";
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { bookingEventId } from "./event-ids";
import { MANAGED_BY_FIELDSYNC_NOTICE, MAX_SUMMARY_LENGTH, singleLine, truncateText } from "./event-text";
import { toGoogleDateTime } from "./google-event-time";
import { PRIVATE_KEYS, type BookingForEvent, type CompanyForEvent } from "./types";

export interface BookingEventTarget {
  /**
   * The booking was deleted, this fieldworker unassigned, or its status no longer pushes, and the status
   * keeps the Google event rather than deleting it (DESIGN §2).
   */
  cancelled?: boolean;
}

/** Companies carry no locale; FieldSync's customers are Australian, so grouping and dates read en-AU. */
const DISPLAY_LOCALE = "en-AU";
const DISPLAY_DATE_TIME = "EEE d MMM yyyy, h:mm aaa";

export const CANCELLED_SUMMARY_PREFIX = "[Cancelled]";

/**
 * The Google event of a booking in one company calendar, shared by every assigned fieldworker connected to
 * that Google account (the description names all of them). A cancelled copy's title starts with
 * "[Cancelled]" *instead of* the status (a status named "Cancelled" would otherwise read twice); the
 * description still names the status, and the copy turns transparent so it no longer shows the time as busy.
 */
export function formatBookingEvent(
  booking: BookingForEvent,
  company: CompanyForEvent,
  target: BookingEventTarget = {},
): calendar_v3.Schema$Event {
  const cancelled = target.cancelled === true;
  return {
    id: bookingEventId(booking.id),
    summary: bookingSummary(booking, cancelled),
    description: bookingDescription(booking, company, cancelled),
    location: bookingLocation(booking),
    start: toGoogleDateTime(booking.startsAt, booking.customer.timeZone),
    end: toGoogleDateTime(booking.endsAt, booking.customer.timeZone),
    transparency: cancelled ? "transparent" : "opaque",
    // Explicit, so an update revives a copy someone deleted in Google (a deleted event keeps its id).
    status: "confirmed",
    extendedProperties: {
      private: {
        [PRIVATE_KEYS.kind]: "booking",
        [PRIVATE_KEYS.companyId]: booking.companyId,
        [PRIVATE_KEYS.bookingId]: booking.id,
      },
    },
    reminders: { useDefault: true },
  };
}

function bookingSummary(booking: BookingForEvent, cancelled: boolean): string {
  const label = cancelled ? CANCELLED_SUMMARY_PREFIX : bracket(singleLine(booking.status.name));
  const who = [customerShortName(booking.customer), singleLine(booking.suburb)].filter(Boolean).join(", ");
  const what = [singleLine(booking.serviceName), who].filter(Boolean).join(" — ") || "Booking";
  return truncateText([label, what].filter(Boolean).join(" "), MAX_SUMMARY_LENGTH);
}

function bracket(text: string): string {
  return text ? `[${text}]` : "";
}

/** The business when there is one (that is who the job is for), else the customer's surname. */
function customerShortName(customer: BookingForEvent["customer"]): string {
  const business = singleLine(customer.businessName);
  if (business) return business;
  const nameParts = singleLine(customer.name).split(" ");
  return nameParts[nameParts.length - 1] ?? "";
}

function bookingLocation(booking: BookingForEvent): string {
  return booking.addresses.map(singleLine).find(Boolean) ?? singleLine(booking.suburb);
}

function bookingDescription(booking: BookingForEvent, company: CompanyForEvent, cancelled: boolean): string {
  const { customer } = booking;
  const lines: string[] = [];
  const add = (label: string, value: string | null | undefined) => {
    const text = singleLine(value);
    if (text) lines.push(`${label}: ${text}`);
  };

  if (cancelled) lines.push("CANCELLED — this booking no longer needs you at this time.");
  add("Status", booking.status.name);
  const fieldworkerNames = booking.fieldworkerNames.map(singleLine).filter(Boolean);
  add(fieldworkerNames.length > 1 ? "Fieldworkers" : "Fieldworker", fieldworkerNames.join(", "));
  add("Amount", formatAmount(booking.amountCents, booking.currencyCode, company));
  add("Suburb", booking.suburb);
  add("Start", formatBookingTime(booking.startsAt, customer.timeZone, company.timeZone));
  add("End", formatBookingTime(booking.endsAt, customer.timeZone, company.timeZone));
  add("Customer", customer.name);
  add("Business", customer.businessName);
  add("Email", customer.email);
  add("Phone", customer.phone);
  booking.addresses.forEach((address, index) => add(`Address ${index + 1}`, address));
  add("Service", booking.serviceName);
  const serviceDescription = booking.serviceDescription.replace(/\r\n?/g, "\n").trim();
  if (serviceDescription) lines.push(`Service description: ${serviceDescription}`);
  const properties = Object.entries(customer.properties)
    .map(([key, value]) => [singleLine(key), singleLine(value)] as const)
    .filter(([key, value]) => key && value)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (properties.length > 0) {
    lines.push("Customer properties:");
    for (const [key, value] of properties) lines.push(`  ${key}: ${value}`);
  }
  add("Created by", booking.createdByName);
  add("Created on", formatZoned(booking.createdAt, company.timeZone));
  lines.push("", MANAGED_BY_FIELDSYNC_NOTICE);
  return lines.join("\n");
}

/**
 * "$1,234.50 AUD". The company's own symbol for its currency; Intl's narrow symbol for any other. Minor units
 * are split with integer arithmetic so no amount is ever rounded through a float.
 */
const WHOLE_AMOUNT = new Intl.NumberFormat(DISPLAY_LOCALE, { maximumFractionDigits: 0 });

export function formatAmount(amountCents: number, currencyCode: string, company: CompanyForEvent): string {
  const sign = amountCents < 0 ? "-" : "";
  const cents = Math.abs(Math.trunc(amountCents));
  const whole = WHOLE_AMOUNT.format(Math.floor(cents / 100));
  const fraction = String(cents % 100).padStart(2, "0");
  const symbol = currencyCode === company.currencyCode ? company.currencySymbol : currencySymbolOf(currencyCode);
  return `${sign}${symbol}${whole}.${fraction} ${currencyCode}`;
}

function currencySymbolOf(currencyCode: string): string {
  try {
    const parts = new Intl.NumberFormat(DISPLAY_LOCALE, { style: "currency", currency: currencyCode, currencyDisplay: "narrowSymbol" }).formatToParts(0);
    return parts.find((part) => part.type === "currency")?.value ?? "";
  } catch {
    return "";
  }
}

function formatZoned(instant: Date, timeZone: string): string {
  return `${format(new TZDate(instant.getTime(), timeZone), DISPLAY_DATE_TIME)} (${timeZone})`;
}

/** The customer's wall clock first (that is where the job happens), and the company's when it differs. */
function formatBookingTime(instant: Date, customerTimeZone: string, companyTimeZone: string): string {
  const customerTime = formatZoned(instant, customerTimeZone);
  return customerTimeZone === companyTimeZone ? customerTime : `${customerTime}; company time ${formatZoned(instant, companyTimeZone)}`;
}
