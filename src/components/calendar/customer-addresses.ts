/**
 * The booking form's addresses when a customer is picked: the customer's own addresses fill the slots,
 * unless the dispatcher typed different ones (anything other than blanks or the previous customer's).
 * Pure; the result always has `slots` entries.
 */
export function addressesOnCustomerPick(current: string[], previousCustomer: string[], nextCustomer: string[], slots: number): string[] {
  const typed = current.map((a) => a.trim()).filter(Boolean);
  const previous = previousCustomer.map((a) => a.trim()).filter(Boolean);
  const untouched = typed.length === 0 || (typed.length === previous.length && typed.every((a, i) => a === previous[i]));
  const chosen = untouched ? nextCustomer : current;
  return Array.from({ length: slots }, (_, i) => chosen[i] ?? "");
}
