import { NextResponse } from "next/server";
import { logger } from "../../observability/logger";

/** Small standalone HTML pages for the OAuth round trip, which people may reach without being signed in. */
const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

export interface ResultPage {
  status: number;
  title: string;
  message: string;
  action?: { label: string; href: string };
}

/**
 * What a public page of the round trip shows when something unexpected broke: a plain sentence, while the
 * detail (an internal error's text may name tables, hosts or tokens) goes to the server log.
 */
export function renderUnexpectedFailure(route: string, error: unknown): NextResponse {
  logger().error({ route, err: error }, "Google connection page failed");
  return renderResultPage({
    status: 500,
    title: "Something went wrong",
    message: "FieldSync could not complete this step. Nothing was connected; please try again in a moment.",
  });
}

export function renderResultPage(page: ResultPage): NextResponse {
  const action = page.action
    ? `<p><a class="button" href="${escapeHtml(page.action.href)}">${escapeHtml(page.action.label)}</a></p>`
    : "";
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} · FieldSync</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f8fafc;color:#0f172a;margin:0}
main{max-width:32rem;margin:4rem auto;padding:1.5rem;background:#fff;border:1px solid #e2e8f0;border-radius:.75rem}
h1{font-size:1.3rem;margin:0 0 .75rem}.brand{color:#174ca8;font-weight:700;margin-bottom:1rem}
p{line-height:1.5}.button{display:inline-block;background:#1d5fd1;color:#fff;padding:.5rem 1rem;border-radius:.4rem;text-decoration:none}
</style></head>
<body><main><div class="brand">FieldSync</div><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.message)}</p>${action}</main></body></html>`;
  return new NextResponse(html, { status: page.status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}
