import "server-only";

/** Every IANA zone the server's Intl knows, plus UTC, which Intl accepts but does not list. */
export function listTimeZones(): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}
