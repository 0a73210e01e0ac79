const domainOf = (email: string) => email.slice(email.lastIndexOf("@") + 1).toLowerCase();

/**
 * True when a company restricted to a Google Workspace domain got back an account outside it. Both must match:
 * the address's domain, and Google's `hd` claim (present only for accounts managed by that Workspace; a
 * consumer Google account can carry any address). No domain set: any account will do.
 */
export function accountOutsideWorkspace(account: { email: string; hostedDomain: string | null }, workspaceDomain: string | null): boolean {
  if (!workspaceDomain) return false;
  const wanted = workspaceDomain.toLowerCase();
  return domainOf(account.email) !== wanted || account.hostedDomain?.toLowerCase() !== wanted;
}
