import { createTRPCRouter } from "../trpc";

export const fieldworkersRouter = createTRPCRouter({});
