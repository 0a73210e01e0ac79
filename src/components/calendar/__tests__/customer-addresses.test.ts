import { describe, expect, it } from "vitest";
import { addressesOnCustomerPick } from "../customer-addresses";

describe("addressesOnCustomerPick", () => {
  it.each([
    ["empty form: the customer's address fills in", ["", "", ""], [], ["12 King St"], ["12 King St", "", ""]],
    ["switching customer replaces the previous customer's addresses", ["12 King St", "", ""], ["12 King St"], ["88 Crown St"], ["88 Crown St", "", ""]],
    ["a typed address is never overwritten", ["5 Other Rd", "", ""], ["12 King St"], ["88 Crown St"], ["5 Other Rd", "", ""]],
    ["a customer without address clears the previous customer's", ["12 King St", "", ""], ["12 King St"], [], ["", "", ""]],
    ["several addresses fill several slots", ["", "", ""], [], ["1 A St", "2 B St"], ["1 A St", "2 B St", ""]],
  ])("%s", (_name, current, previous, next, expected) => {
    expect(addressesOnCustomerPick(current, previous, next, 3)).toEqual(expected);
  });
});
