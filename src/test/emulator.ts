import { controlClient } from "../../emulator/control-client";
import { createEmulator, type Emulator } from "../../emulator/index";

export const TEST_REDIRECT_URI = `${process.env.APP_URL}/getAuthKey`;

/** The in-process emulator on the port src/test/setup-env.ts reserved, with the shared app registered. */
export async function startTestEmulator(): Promise<{ emulator: Emulator; control: ReturnType<typeof controlClient> }> {
  const port = Number(process.env.TEST_EMULATOR_PORT);
  if (!port) throw new Error("TEST_EMULATOR_PORT is not set: is src/test/setup-env.ts in vitest setupFiles?");
  const emulator = await createEmulator({
    port,
    clients: [
      {
        clientId: process.env.GOOGLE_CLIENT_ID ?? "",
        clientSecret: process.env.GOOGLE_CLIENT_SECRET ?? "",
        redirectUris: [TEST_REDIRECT_URI],
        projectName: "FieldSync shared app",
      },
    ],
    // The app under test listens on http://localhost (src/test/webhook-receiver.ts).
    config: { allowHttpWebhooks: true },
  });
  return { emulator, control: controlClient(emulator.url) };
}

export { consentAs } from "../../emulator/consent-client";
