import type { EmulatorContext } from "../context";
import type { SentEmail } from "../entities";
import { ResendError, renderResendError } from "../errors";
import { applyFaults } from "../faults";
import { BodyParseError, isRecord, json, readJson, type EmuRequest, type Handler, type Router } from "../http";
import { uuid } from "../ids";

const MAX_RECIPIENTS = 50;
const MAX_BATCH = 100;
const ADDRESS = /^(?:[^<>]*<\s*[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+\s*>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;

function checkKey(ctx: EmulatorContext, req: EmuRequest): void {
  const header = req.headers.authorization;
  const key = header ? /^Bearer\s+(.+)$/i.exec(header.trim())?.[1] : undefined;
  if (!key) {
    throw new ResendError(
      401,
      "missing_api_key",
      "Missing API key in the authorization header. Include the following header Authorization: Bearer YOUR_API_KEY in the request.",
    );
  }
  const allowed = ctx.store.config.resendApiKeys;
  const valid = allowed.length > 0 ? allowed.includes(key) : key.startsWith("re_");
  if (!valid) throw new ResendError(403, "invalid_api_key", "API key is invalid");
}

function addressList(value: unknown, field: string, required: boolean): string[] {
  if (value === undefined || value === null) {
    if (required) throw new ResendError(422, "missing_required_field", `Missing \`${field}\` field.`);
    return [];
  }
  const list = Array.isArray(value) ? value : [value];
  if (list.some((v) => typeof v !== "string")) throw new ResendError(422, "validation_error", `Invalid \`${field}\` field.`);
  const strings = list as string[];
  if (required && strings.length === 0) throw new ResendError(422, "missing_required_field", `Missing \`${field}\` field.`);
  if (strings.length > MAX_RECIPIENTS) throw new ResendError(422, "validation_error", `Too many recipients in \`${field}\`. Max is ${MAX_RECIPIENTS}.`);
  for (const s of strings) {
    if (!ADDRESS.test(s.trim())) {
      throw new ResendError(422, "validation_error", `Invalid \`${field}\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`);
    }
  }
  return strings;
}

/** Validates one send request the way Resend does and returns the stored message. */
function toEmail(ctx: EmulatorContext, body: unknown): SentEmail {
  if (!isRecord(body)) throw new ResendError(422, "missing_required_field", "Missing `to` field.");
  const from = addressList(body.from, "from", true);
  if (from.length !== 1) throw new ResendError(422, "validation_error", "Invalid `from` field.");
  const to = addressList(body.to, "to", true);
  if (typeof body.subject !== "string" || body.subject === "") throw new ResendError(422, "missing_required_field", "Missing `subject` field.");
  const htmlBody = typeof body.html === "string" ? body.html : undefined;
  const text = typeof body.text === "string" ? body.text : undefined;
  if (htmlBody === undefined && text === undefined && body.template === undefined) {
    throw new ResendError(422, "validation_error", "Missing `html` or `text` field.");
  }
  const tags = Array.isArray(body.tags) ? body.tags.filter(isRecord).map((t) => ({ name: String(t.name), value: String(t.value) })) : [];
  const headers = isRecord(body.headers) ? Object.fromEntries(Object.entries(body.headers).map(([k, v]) => [k, String(v)])) : {};
  return {
    id: uuid(),
    from: from[0] ?? "",
    to,
    cc: addressList(body.cc, "cc", false),
    bcc: addressList(body.bcc, "bcc", false),
    replyTo: addressList(body.reply_to, "reply_to", false),
    subject: body.subject,
    ...(htmlBody !== undefined ? { html: htmlBody } : {}),
    ...(text !== undefined ? { text } : {}),
    tags,
    headers,
    createdAt: ctx.store.now(),
  };
}

function resendHandler(ctx: EmulatorContext, operation: string, fn: Handler): Handler {
  return async (req, params) => {
    ctx.store.count(operation);
    try {
      const fault = await applyFaults(ctx.store, { surface: "resend", method: req.method, path: req.path });
      if (fault) {
        const status = fault.status ?? 500;
        const name = fault.reason ?? (status === 429 ? "rate_limit_exceeded" : "application_error");
        throw new ResendError(status, name, status === 429 ? "Too many requests. You can only make 2 requests per second." : "Internal server error.");
      }
      checkKey(ctx, req);
      return await fn(req, params);
    } catch (err) {
      if (err instanceof ResendError) return renderResendError(err);
      if (err instanceof BodyParseError) return renderResendError(new ResendError(400, "validation_error", "Invalid JSON body."));
      throw err;
    }
  };
}

export function renderEmail(e: SentEmail) {
  return {
    object: "email",
    id: e.id,
    to: e.to,
    from: e.from,
    created_at: new Date(e.createdAt).toISOString(),
    subject: e.subject,
    html: e.html ?? null,
    text: e.text ?? null,
    bcc: e.bcc.length > 0 ? e.bcc : null,
    cc: e.cc.length > 0 ? e.cc : null,
    reply_to: e.replyTo.length > 0 ? e.replyTo : null,
    last_event: "delivered",
    tags: e.tags,
  };
}

export function registerResend(router: Router, ctx: EmulatorContext): void {
  const { store } = ctx;

  router.add(
    "POST",
    "/emails",
    resendHandler(ctx, "resend.emails.send", (req) => {
      const body = readJson(req);
      const idemKey = req.headers["idempotency-key"];
      const fingerprint = JSON.stringify(body);
      if (idemKey !== undefined) {
        if (idemKey.length < 1 || idemKey.length > 256) throw new ResendError(400, "invalid_idempotency_key", "The key must be between 1-256 chars.");
        const seen = store.idempotency.get(idemKey);
        if (seen && seen.fingerprint !== fingerprint) {
          throw new ResendError(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload.");
        }
        if (seen) return json(200, { id: seen.id });
      }
      const email = toEmail(ctx, body);
      store.emails.push(email);
      if (idemKey !== undefined) store.idempotency.set(idemKey, { fingerprint, id: email.id });
      store.changed();
      return json(200, { id: email.id });
    }),
  );

  router.add(
    "POST",
    "/emails/batch",
    resendHandler(ctx, "resend.emails.batch", (req) => {
      const body = readJson(req);
      if (!Array.isArray(body)) throw new ResendError(422, "validation_error", "The request body must be an array of emails.");
      if (body.length > MAX_BATCH) throw new ResendError(422, "validation_error", `Too many emails in batch. Max is ${MAX_BATCH}.`);
      const emails = body.map((b) => toEmail(ctx, b));
      store.emails.push(...emails);
      store.changed();
      return json(200, { data: emails.map((e) => ({ id: e.id })) });
    }),
  );

  router.add(
    "GET",
    "/emails/:id",
    resendHandler(ctx, "resend.emails.get", (_req, params) => {
      const email = store.emails.find((e) => e.id === params.id);
      if (!email) throw new ResendError(404, "not_found", "Email not found");
      return json(200, renderEmail(email));
    }),
  );
}
