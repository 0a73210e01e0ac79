import { createTRPCRouter } from "../trpc";

export const bookingStatusesRouter = createTRPCRouter({});
