import { describe, expect, it } from "vitest";
import { decodeBatchResponse, encodeBatch } from "../batch-format";

describe("encodeBatch", () => {
  it("writes one application/http part per request with Content-IDs, headers and JSON bodies", () => {
    const text = encodeBatch(
      [
        { method: "POST", path: "/calendar/v3/calendars/c1/events", headers: { Authorization: "Bearer a" }, body: { id: "abc12", summary: "x" } },
        { method: "DELETE", path: "/calendar/v3/calendars/c1/events/abc12", headers: { "If-Match": '"1"' } },
      ],
      "b0undary",
    );
    expect(text).toContain("--b0undary\r\nContent-Type: application/http\r\nContent-ID: <item-0>\r\n\r\nPOST /calendar/v3/calendars/c1/events HTTP/1.1\r\n");
    expect(text).toContain('{"id":"abc12","summary":"x"}');
    expect(text).toContain("Content-ID: <item-1>\r\n\r\nDELETE /calendar/v3/calendars/c1/events/abc12 HTTP/1.1\r\nIf-Match: \"1\"");
    expect(text.endsWith("--b0undary--\r\n")).toBe(true);
  });
});

describe("decodeBatchResponse", () => {
  const response = [
    "--batch_x",
    "Content-Type: application/http",
    "Content-ID: <response-item-1>",
    "",
    "HTTP/1.1 409 Conflict",
    "Content-Type: application/json",
    "",
    '{"error":{"code":409,"errors":[{"reason":"duplicate"}]}}',
    "--batch_x",
    "Content-Type: application/http",
    "Content-ID: <response-item-0>",
    "",
    "HTTP/1.1 200 OK",
    "ETag: \"3\"",
    "",
    '{"id":"abc12"}',
    "--batch_x--",
    "",
  ].join("\r\n");

  it("matches responses to requests by Content-ID, whatever their order", () => {
    const parts = decodeBatchResponse("multipart/mixed; boundary=batch_x", response, 3);
    expect(parts[0]).toEqual({ status: 200, headers: { etag: '"3"' }, body: { id: "abc12" } });
    expect(parts[1]).toMatchObject({ status: 409, body: { error: { code: 409 } } });
    expect(parts[2]).toEqual({ status: 0, headers: {}, body: undefined });
  });

  it("refuses a response without a boundary", () => {
    expect(() => decodeBatchResponse("application/json", "{}", 1)).toThrow("boundary");
  });
});
