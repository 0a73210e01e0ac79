import { createTRPCRouter } from "../trpc";

export const unavailableRouter = createTRPCRouter({});
