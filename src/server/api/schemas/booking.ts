import { z } from "zod";

/** The longest range one calendar request may cover: a month view shows six weeks, agenda a month. */
export const MAX_CALENDAR_RANGE_DAYS = 62;
/** Largest amount a booking may carry, in cents (keeps well inside the integer column). */
export const MAX_AMOUNT_CENTS = 100_000_000;
export const MAX_ADDRESSES = 3;

export const END_AFTER_START_MESSAGE = "End must be after start";
export const AMOUNT_FORMAT_MESSAGE = "Amount must be a number with up to 2 decimals";

const AMOUNT_PATTERN = /^\d{1,9}(\.\d{1,2})?$/;

/** "150.50" → 15050. Only call on strings that passed AMOUNT_PATTERN. */
export function amountToCents(amount: string): number {
  const [whole, fraction = ""] = amount.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

/** 15050 → "150.50", the inverse of amountToCents for forms. */
export function centsToAmount(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

const id = z.uuid({ message: "Invalid id" });

export const amountSchema = z
  .string({ message: AMOUNT_FORMAT_MESSAGE })
  .trim()
  .regex(AMOUNT_PATTERN, { message: AMOUNT_FORMAT_MESSAGE })
  .transform(amountToCents)
  .refine((cents) => cents <= MAX_AMOUNT_CENTS, { message: "Amount is too large" });

/**
 * Bookings and unavailable time live between these years (UTC): anything else is a typo (`0026` for 2026) that
 * would reach Google as a date it rejects or misreads.
 */
export const MIN_SCHEDULE_YEAR = 2000;
export const MAX_SCHEDULE_YEAR = 2100;
export const SCHEDULE_YEARS_MESSAGE = `Dates must be between the years ${MIN_SCHEDULE_YEAR} and ${MAX_SCHEDULE_YEAR}`;

const inScheduleYears = (date: Date) => {
  const year = date.getUTCFullYear();
  return year >= MIN_SCHEDULE_YEAR && year <= MAX_SCHEDULE_YEAR;
};

const timeRange = {
  startsAt: z.date({ message: "Start must be a date and time" }).refine(inScheduleYears, SCHEDULE_YEARS_MESSAGE),
  endsAt: z.date({ message: "End must be a date and time" }).refine(inScheduleYears, SCHEDULE_YEARS_MESSAGE),
};

/** Attaches the end-after-start rule to the `endsAt` field so forms can show it beside the input. */
function endAfterStart<T extends { startsAt: Date; endsAt: Date }>(value: T, ctx: z.RefinementCtx) {
  if (value.endsAt.getTime() <= value.startsAt.getTime()) {
    ctx.addIssue({ code: "custom", path: ["endsAt"], message: END_AFTER_START_MESSAGE });
  }
}

const bookingFields = z.object({
  customerId: id,
  statusId: id,
  serviceName: z.string().trim().min(1, "Service name is required").max(200, "Service name is too long (200 characters at most)"),
  serviceDescription: z.string().trim().max(5_000, "Description is too long (5000 characters at most)").default(""),
  amount: amountSchema,
  suburb: z.string().trim().max(120, "Suburb is too long (120 characters at most)").default(""),
  addresses: z
    .array(z.string().trim().max(300, "Address is too long (300 characters at most)"))
    .max(MAX_ADDRESSES, { message: "At most three addresses" })
    .default([])
    // Blank address inputs are simply unused slots.
    .transform((list) => list.filter((address) => address.length > 0)),
  ...timeRange,
  fieldworkerIds: z
    .array(id)
    .min(1, "Choose at least one fieldworker")
    .max(50, "Too many fieldworkers")
    .transform((ids) => [...new Set(ids)]),
});

export const bookingCreateInput = bookingFields.superRefine(endAfterStart);
export const bookingUpdateInput = bookingFields.extend({ id }).superRefine(endAfterStart);
export const bookingRescheduleInput = z.object({ id, ...timeRange }).superRefine(endAfterStart);
export const byIdInput = z.object({ id });

export type BookingCreateInput = z.output<typeof bookingCreateInput>;
export type BookingUpdateInput = z.output<typeof bookingUpdateInput>;

const note = z.string().trim().max(500, "Note is too long (500 characters at most)").default("");

export const unavailableCreateInput = z
  .object({ ...timeRange, note, fieldworkerId: id.optional() })
  .superRefine(endAfterStart);
export const unavailableUpdateInput = z
  .object({ id, ...timeRange, note, fieldworkerId: id.optional() })
  .superRefine(endAfterStart);

export const calendarRangeInput = z
  .object({
    start: z.date({ message: "Start must be a date" }),
    end: z.date({ message: "End must be a date" }),
    fieldworkerIds: z.array(id).max(200).optional(),
    /** The month view's cap on items per day (see listCalendarRange). */
    dayLimit: z.number().int().min(1, "Show at least one item a day").max(100, "At most 100 items a day").optional(),
  })
  .superRefine((value, ctx) => {
    const spanMs = value.end.getTime() - value.start.getTime();
    if (spanMs <= 0) ctx.addIssue({ code: "custom", path: ["end"], message: END_AFTER_START_MESSAGE });
    else if (spanMs > MAX_CALENDAR_RANGE_DAYS * 86_400_000) {
      ctx.addIssue({ code: "custom", path: ["end"], message: `The range can cover at most ${MAX_CALENDAR_RANGE_DAYS} days` });
    }
  });
