import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { connect, startEmulator } from "./helpers";

const dir = mkdtempSync(join(tmpdir(), "emulator-state-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("EMULATOR_STATE_FILE persistence", () => {
  it("keeps connected accounts, tokens and events across a restart", async () => {
    const stateFile = join(dir, "state.json");
    const first = await startEmulator({ stateFile });
    const { cal, tokens } = await connect(first, "ann@example.com");
    const created = await cal.calendars.insert({ requestBody: { summary: "Kept" } });
    await first.close();

    const second = await startEmulator({ stateFile });
    const again = await connect(second, "ann@example.com");
    // Same grant as before the restart: no second refresh token on re-consent.
    expect(again.tokens.refresh_token).toBeUndefined();
    again.oauth.setCredentials(tokens);
    const list = await again.cal.calendarList.list();
    expect(list.data.items?.map((c) => c.id)).toContain(created.data.id);
    await second.close();
  });
});
