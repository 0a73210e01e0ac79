import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { getCompanySettings, updateCompanySettings } from "../../db/queries/company";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../trpc";

/**
 * Intl is the authority: it is what date-fns/tz and the browser use to turn a zone into offsets, so a zone
 * Intl accepts is one the app can render. Offsets like "+10:00" are refused: they are not IANA names and
 * would silently ignore daylight saving.
 */
export function isKnownTimeZone(timeZone: string): boolean {
  if (/^[+-]/.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Spelling as Intl resolves it ("australia/sydney" → "Australia/Sydney"). */
const canonicalTimeZone = (timeZone: string) => new Intl.DateTimeFormat("en", { timeZone }).resolvedOptions().timeZone;

export const timeZoneSchema = z
  .string()
  .trim()
  .min(1, "Time zone is required")
  .max(64, "Unknown time zone")
  .refine(isKnownTimeZone, "Unknown time zone")
  .transform(canonicalTimeZone);

const knownCurrencies = new Set(Intl.supportedValuesOf("currency"));

export const companySettingsInput = z.object({
  name: z.string().trim().min(1, "Company name is required").max(100, "Company name is too long (100 characters at most)"),
  timeZone: timeZoneSchema,
  currencyCode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, "Currency code must be three letters, like AUD")
    .refine((code) => knownCurrencies.has(code), "Unknown currency code (use ISO 4217, like AUD or USD)"),
  currencySymbol: z.string().trim().min(1, "Currency symbol is required").max(5, "Currency symbol is too long (5 characters at most)"),
});

export const companyRouter = createTRPCRouter({
  get: protectedProcedure.query(async ({ ctx }) => {
    const company = await getCompanySettings(ctx.db, ctx.user.companyId);
    if (!company) throw new TRPCError({ code: "NOT_FOUND", message: "Company not found." });
    return company;
  }),

  update: adminProcedure.input(companySettingsInput).mutation(async ({ ctx, input }) => {
    const company = await updateCompanySettings(ctx.db, ctx.user.companyId, input);
    if (!company) throw new TRPCError({ code: "NOT_FOUND", message: "Company not found." });
    return company;
  }),
});
