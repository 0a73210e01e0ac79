import type { EmulatorContext } from "../context";
import { escapeHtml, page } from "../html";
import { html, type Router } from "../http";

/** Where Resend mail lands: a person running `npm run dev` opens the invitation here and clicks its link. */
export function registerMailbox(router: Router, ctx: EmulatorContext): void {
  const { store } = ctx;

  router.add("GET", "/mailbox", () => {
    const rows = [...store.emails]
      .reverse()
      .map(
        (e) => `<tr><td>${escapeHtml(new Date(e.createdAt).toISOString().replace("T", " ").slice(0, 19))}</td><td>${escapeHtml(e.from)}</td><td>${escapeHtml(e.to.join(", "))}</td>
<td><a href="/mailbox/${escapeHtml(e.id)}">${escapeHtml(e.subject)}</a></td></tr>`,
      )
      .join("\n");
    return html(
      200,
      page(
        "Mailbox - emulator",
        `<h1>Mailbox</h1><p class="muted">Every email sent through Resend's <code>POST /emails</code>, newest first.</p>
<table><caption class="muted">${store.emails.length} message(s)</caption><thead><tr><th scope="col">Sent</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead>
<tbody>${rows || '<tr><td colspan="4" class="muted">No mail yet</td></tr>'}</tbody></table>`,
      ),
    );
  });

  router.add("GET", "/mailbox/:id", (_req, params) => {
    const e = store.emails.find((m) => m.id === params.id);
    if (!e) return html(404, page("Not found", `<h1>Message not found</h1><p><a href="/mailbox">Back to the mailbox</a></p>`));
    const body = e.html !== undefined ? `<div class="mail-body">${e.html}</div>` : `<pre>${escapeHtml(e.text ?? "")}</pre>`;
    return html(
      200,
      page(
        e.subject,
        `<p><a href="/mailbox">Back to the mailbox</a></p>
<h1>${escapeHtml(e.subject)}</h1>
<dl><dt>From</dt><dd>${escapeHtml(e.from)}</dd><dt>To</dt><dd>${escapeHtml(e.to.join(", "))}</dd>
${e.cc.length ? `<dt>Cc</dt><dd>${escapeHtml(e.cc.join(", "))}</dd>` : ""}<dt>Sent</dt><dd>${escapeHtml(new Date(e.createdAt).toISOString())}</dd></dl>
<hr>
<article aria-label="Message body">${body}</article>`,
      ),
    );
  });
}
