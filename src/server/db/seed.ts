import { addDays, addMinutes, setHours, startOfDay, startOfMonth } from "date-fns";
import { TZDate } from "@date-fns/tz";
import { hashPassword } from "../auth/password";
import type { Db } from "./client";
import {
  bookingAssignments,
  bookingStatuses,
  bookings,
  companies,
  customers,
  fieldworkers,
  unavailableBlocks,
  users,
} from "./schema";
import type { Role } from "~/lib/roles";

export const DEMO_PASSWORD = "fieldsync-demo";

export interface DemoLogin {
  role: Role;
  name: string;
  email: string;
  password: string;
}

export interface SeedOptions {
  companyName?: string;
  /** Email domain, so several seeded companies never share a login. */
  domain?: string;
  /** The month the bookings are spread over. */
  now?: Date;
  bookingCount?: number;
}

const STATUSES = [
  { name: "Quote", color: "#64748b", description: "Price sent, not confirmed yet", pushToGoogle: false, deleteFromGoogle: true },
  { name: "Confirmed", color: "#2563eb", description: "Customer confirmed the job", pushToGoogle: true, deleteFromGoogle: true },
  { name: "In progress", color: "#d97706", description: "A fieldworker is on site", pushToGoogle: true, deleteFromGoogle: false },
  { name: "Completed", color: "#16a34a", description: "Job done", pushToGoogle: true, deleteFromGoogle: false },
  { name: "Cancelled", color: "#dc2626", description: "Called off", pushToGoogle: false, deleteFromGoogle: true },
];

const CUSTOMERS = [
  { name: "Olivia Smith", businessName: null, suburb: "Newtown", timeZone: "Australia/Sydney", address: "12 King St, Newtown NSW 2042" },
  { name: "Liam Nguyen", businessName: "Nguyen Bakery", suburb: "Surry Hills", timeZone: "Australia/Sydney", address: "88 Crown St, Surry Hills NSW 2010" },
  { name: "Charlotte Brown", businessName: null, suburb: "Bondi", timeZone: "Australia/Sydney", address: "3 Campbell Pde, Bondi Beach NSW 2026" },
  { name: "Noah Wilson", businessName: "Wilson Dental", suburb: "Parramatta", timeZone: "Australia/Sydney", address: "150 Church St, Parramatta NSW 2150" },
  { name: "Amelia Taylor", businessName: null, suburb: "Chatswood", timeZone: "Australia/Sydney", address: "7 Victoria Ave, Chatswood NSW 2067" },
  { name: "Jack Martin", businessName: "Martin & Co Cafe", suburb: "Fitzroy", timeZone: "Australia/Melbourne", address: "220 Brunswick St, Fitzroy VIC 3065" },
  { name: "Isla Thompson", businessName: null, suburb: "South Brisbane", timeZone: "Australia/Brisbane", address: "5 Grey St, South Brisbane QLD 4101" },
  { name: "William Lee", businessName: "Lee Realty", suburb: "Fremantle", timeZone: "Australia/Perth", address: "40 Market St, Fremantle WA 6160" },
  { name: "Mia White", businessName: null, suburb: "Glenelg", timeZone: "Australia/Adelaide", address: "9 Jetty Rd, Glenelg SA 5045" },
  { name: "Henry Harris", businessName: "Harris Motors", suburb: "Hobart", timeZone: "Australia/Hobart", address: "61 Elizabeth St, Hobart TAS 7000" },
];

const SERVICES = [
  { name: "Blocked drain", description: "Clear blocked drain with jetter, camera inspection if needed" },
  { name: "Hot water service", description: "Inspect and service the hot water unit, replace anode if worn" },
  { name: "Leaking tap", description: "Replace washers and cartridge" },
  { name: "Boiler service", description: "Annual boiler safety check and service" },
  { name: "Bathroom rough-in", description: "Rough-in plumbing for bathroom renovation" },
  { name: "Gas fitting", description: "Connect new gas cooktop, pressure test" },
];

const FIELDWORKERS = [
  { displayName: "Maria Garcia", local: "maria", phone: "+61 400 111 222", active: true },
  { displayName: "Tom Chen", local: "tom", phone: "+61 400 333 444", active: true },
  { displayName: "Aisha Khan", local: "aisha", phone: "+61 400 555 666", active: true },
  { displayName: "Ben O'Connor", local: "ben", phone: "+61 400 777 888", active: true },
  { displayName: "Sam Patel", local: "sam", phone: "+61 400 999 000", active: false },
];

/** A deterministic pseudo-random sequence, so the demo looks the same on every machine. */
function sequence(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** Creates one demo company with its people, statuses, customers, a month of bookings and some blocks. */
export async function seedDemoCompany(db: Db, options: SeedOptions = {}) {
  const companyName = options.companyName ?? "Acme Plumbing";
  const domain = options.domain ?? "acme.test";
  const timeZone = "Australia/Sydney";
  const now = options.now ?? new Date();
  const random = sequence(42);
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  return db.transaction(async (tx) => {
    const [company] = await tx
      .insert(companies)
      .values({ name: companyName, timeZone, currencyCode: "AUD", currencySymbol: "$" })
      .returning();
    if (!company) throw new Error("company insert returned nothing");

    const [admin] = await tx
      .insert(users)
      .values({ companyId: company.id, email: `admin@${domain}`, name: "Alex Admin", role: "admin", passwordHash })
      .returning();
    if (!admin) throw new Error("admin insert returned nothing");

    const fieldworkerUsers = await tx
      .insert(users)
      .values(
        FIELDWORKERS.map((fw) => ({
          companyId: company.id,
          email: `${fw.local}@${domain}`,
          name: fw.displayName,
          role: "fieldworker" as const,
          passwordHash,
        })),
      )
      .returning();

    const [general] = await tx
      .insert(fieldworkers)
      .values({ companyId: company.id, displayName: `${companyName} (business calendar)`, email: `office@${domain}`, isGeneral: true })
      .returning();
    const crew = await tx
      .insert(fieldworkers)
      .values(
        FIELDWORKERS.map((fw, i) => ({
          companyId: company.id,
          userId: fieldworkerUsers[i]?.id,
          displayName: fw.displayName,
          email: `${fw.local}@${domain}`,
          phone: fw.phone,
          active: fw.active,
        })),
      )
      .returning();
    if (!general) throw new Error("general fieldworker insert returned nothing");

    const statuses = await tx
      .insert(bookingStatuses)
      .values(STATUSES.map((s, i) => ({ ...s, companyId: company.id, sortOrder: i })))
      .returning();

    const customerRows = await tx
      .insert(customers)
      .values(
        CUSTOMERS.map((c, i) => ({
          companyId: company.id,
          name: c.name,
          businessName: c.businessName,
          email: `${c.name.split(" ")[0]?.toLowerCase()}@example.com`,
          phone: `+61 2 9${String(100_0000 + i * 1111).slice(0, 7)}`,
          timeZone: c.timeZone,
          addresses: [c.address],
          properties: (i % 3 === 0 ? { "Gate code": `${1000 + i * 37}`, Pets: "Friendly dog" } : {}) as Record<string, string>,
        })),
      )
      .returning();

    const activeCrew = crew.filter((fw) => fw.active);
    const monthStart = startOfMonth(new TZDate(now, timeZone));
    const bookingCount = options.bookingCount ?? 60;
    const bookingRows = [];
    for (let i = 0; i < bookingCount; i++) {
      const customerIndex = Math.floor(random() * customerRows.length);
      const customer = customerRows[customerIndex]!;
      const service = SERVICES[Math.floor(random() * SERVICES.length)]!;
      const status = statuses[Math.floor(random() * statuses.length)]!;
      // Three quarters over the current month; the rest over the next two weeks, so the demo always has
      // upcoming work to sync, even late in a month.
      const day =
        i % 4 === 3 ? addDays(startOfDay(new TZDate(now, timeZone)), 1 + Math.floor(random() * 14)) : addDays(monthStart, Math.floor(random() * 28));
      const startsAt = setHours(day, 7 + Math.floor(random() * 9));
      const endsAt = addMinutes(startsAt, 60 + 30 * Math.floor(random() * 4));
      bookingRows.push({
        companyId: company.id,
        customerId: customer.id,
        statusId: status.id,
        serviceName: service.name,
        serviceDescription: service.description,
        amountCents: 8_000 + Math.floor(random() * 60) * 1_000,
        currencyCode: company.currencyCode,
        suburb: CUSTOMERS[customerIndex]!.suburb,
        addresses: [CUSTOMERS[customerIndex]!.address],
        startsAt: new Date(startsAt.getTime()),
        endsAt: new Date(endsAt.getTime()),
        createdById: admin.id,
      });
    }
    const insertedBookings = bookingRows.length ? await tx.insert(bookings).values(bookingRows).returning({ id: bookings.id }) : [];
    const assignments = insertedBookings.flatMap((booking, i) => {
      const primary = activeCrew[i % activeCrew.length]!;
      const rows = [{ bookingId: booking.id, fieldworkerId: primary.id }];
      // Every seventh job needs two people.
      if (i % 7 === 0) rows.push({ bookingId: booking.id, fieldworkerId: activeCrew[(i + 1) % activeCrew.length]!.id });
      return rows;
    });
    if (assignments.length) await tx.insert(bookingAssignments).values(assignments);

    await tx.insert(unavailableBlocks).values(
      activeCrew.map((fw, i) => {
        const startsAt = setHours(addDays(monthStart, 3 + i * 5), 8);
        return {
          companyId: company.id,
          fieldworkerId: fw.id,
          startsAt: new Date(startsAt.getTime()),
          endsAt: new Date(addMinutes(startsAt, 240).getTime()),
          note: i % 2 === 0 ? "Dentist" : "Training day",
        };
      }),
    );

    const logins: DemoLogin[] = [
      { role: "admin", name: admin.name, email: admin.email, password: DEMO_PASSWORD },
      ...fieldworkerUsers
        .filter((_, i) => FIELDWORKERS[i]?.active)
        .map((u) => ({ role: "fieldworker" as const, name: u.name, email: u.email, password: DEMO_PASSWORD })),
    ];
    return { company, admin, general, crew, statuses, customers: customerRows, logins };
  });
}
