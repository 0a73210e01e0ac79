import type { EmulatorContext } from "../context";
import { empty, json, type Router } from "../http";

/** `GET /_emulator/call-meter`: per Google user, Calendar calls and the busiest 60-second window; `DELETE` resets. */
export function registerCallMeter(router: Router, ctx: EmulatorContext): void {
  router.add("GET", "/_emulator/call-meter", () => json(200, ctx.callMeter.report()));
  router.add("DELETE", "/_emulator/call-meter", () => {
    ctx.callMeter.reset();
    return empty(204);
  });
}
