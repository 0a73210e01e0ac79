import { bookingStatusesRouter } from "./routers/booking-statuses";
import { bookingsRouter } from "./routers/bookings";
import { calendarRouter } from "./routers/calendar";
import { companyRouter } from "./routers/company";
import { customersRouter } from "./routers/customers";
import { fieldworkerAccessRouter } from "./routers/fieldworker-access";
import { fieldworkersRouter } from "./routers/fieldworkers";
import { googleSyncRouter } from "./routers/google-sync";
import { integrationsRouter } from "./routers/integrations";
import { unavailableRouter } from "./routers/unavailable";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  company: companyRouter,
  fieldworkers: fieldworkersRouter,
  fieldworkerAccess: fieldworkerAccessRouter,
  customers: customersRouter,
  bookingStatuses: bookingStatusesRouter,
  bookings: bookingsRouter,
  unavailable: unavailableRouter,
  calendar: calendarRouter,
  integrations: integrationsRouter,
  googleSync: googleSyncRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller, used by server components and by integration tests. */
export const createCaller = createCallerFactory(appRouter);
