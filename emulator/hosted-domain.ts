/** Consumer Google accounts: no `hd` claim. Google only sends `hd` for accounts of a Google Workspace domain. */
const CONSUMER_DOMAINS = new Set(["gmail.com", "googlemail.com"]);

/**
 * The Workspace domain Google reports (`hd` in the ID token and userinfo) for an account. The emulator treats
 * every address outside Google's consumer domains as a Workspace account of its own domain.
 */
export function hostedDomainOf(email: string): string | undefined {
  const domain = email.slice(email.lastIndexOf("@") + 1).toLowerCase();
  return domain && !CONSUMER_DOMAINS.has(domain) ? domain : undefined;
}
