export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const STYLE = `
  body { font-family: Roboto, Arial, sans-serif; margin: 0; background: #f1f3f4; color: #202124; }
  main { max-width: 760px; margin: 32px auto; background: #fff; border: 1px solid #dadce0; border-radius: 8px; padding: 24px 32px; }
  h1 { font-size: 22px; font-weight: 400; } h2 { font-size: 19px; font-weight: 500; margin-top: 28px; } h3 { font-size: 15px; font-weight: 500; }
  .banner { font-size: 13px; color: #5f6368; border-bottom: 1px solid #dadce0; padding-bottom: 8px; margin-bottom: 16px; }
  fieldset { border: 1px solid #dadce0; border-radius: 4px; margin: 12px 0; }
  label { display: inline-block; margin: 4px 0; }
  input[type=text], input[type=email], input[type=datetime-local], input[type=number] { padding: 6px; border: 1px solid #dadce0; border-radius: 4px; }
  button { padding: 8px 20px; border-radius: 4px; border: 1px solid #dadce0; background: #fff; color: #1a73e8; font-size: 14px; cursor: pointer; margin-right: 8px; }
  button.primary { background: #1a73e8; color: #fff; border-color: #1a73e8; }
  table { border-collapse: collapse; width: 100%; font-size: 14px; } td, th { border-bottom: 1px solid #eee; padding: 6px; text-align: left; vertical-align: top; }
  .error { color: #d93025; } .muted { color: #5f6368; font-size: 13px; } code { background: #f1f3f4; padding: 1px 4px; }
  nav a { margin-right: 16px; }
`;

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>
<div class="banner">FieldSync emulator — stands in for Google and Resend on this machine. <nav aria-label="Emulator"><a href="/">Google accounts</a><a href="/mailbox">Mailbox</a></nav></div>
${body}
</main></body></html>`;
}
