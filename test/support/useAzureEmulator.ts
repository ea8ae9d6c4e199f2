import { after, before, beforeEach } from "node:test";
import { startAzureEmulator, type AzureEmulator } from "../emulator";
import type { AzureFixture } from "../emulator/fixture";

export { readRange } from "./readRange";

/**
 * Starts the Azure emulator once for a test file, points the provider at it through the environment
 * (as a custom cloud, with client-secret credentials) and stops it at the end. Operation settings and
 * intercepts are reset before each test.
 */
export function useAzureEmulator(fixture?: AzureFixture): () => AzureEmulator {
  let emulator: AzureEmulator | undefined;
  before(async () => {
    emulator = await startAzureEmulator(fixture);
    Object.assign(process.env, emulator.env);
  });
  beforeEach(() => {
    Object.assign(emulator!.resourceManager.settings, {
      durationMs: 0,
      retryAfterSeconds: 1,
      asyncOperationHeader: true,
    });
    delete emulator!.resourceManager.settings.failNextOperation;
    emulator!.throttle.perSecond = undefined;
    emulator!.roles.actions = undefined;
    emulator!.intercepts.length = 0;
  });
  after(async () => {
    await emulator?.stop();
  });
  return () => {
    if (!emulator) {
      throw new Error("The emulator has not started yet.");
    }
    return emulator;
  };
}

/** The grant and revoke actions (`beginGetAccess`, `endGetAccess`) posted since the given request count. */
export function postedActions(emulator: AzureEmulator, since = 0): string[] {
  return emulator.requests
    .slice(since)
    .filter((r) => r.method === "POST" && /\/(begin|end)GetAccess$/i.test(r.path))
    .map((r) => r.path.slice(r.path.lastIndexOf("/") + 1));
}

/**
 * Every secret the emulator handed out so far: the client secret, each access token, and each SAS
 * URL minted with its signature, raw and URL-encoded. None may appear in anything a user sees.
 */
export function emulatorSecrets(emulator: AzureEmulator): string[] {
  return [
    emulator.principal.clientSecret,
    ...emulator.identity.issued,
    ...emulator.storage.minted.flatMap((url) => {
      const signature = new URL(url).searchParams.get("sig")!;
      return [url, signature, encodeURIComponent(signature)];
    }),
  ];
}
