import { createTRPCRouter } from "../trpc";

export const calendarRouter = createTRPCRouter({});
