/**
 * FieldSync's security headers, for next.config.mjs `headers()` (plain ESM: next.config can't import TypeScript).
 *
 * The Content-Security-Policy is what the app actually needs, verified in a browser by e2e/security-headers.spec.ts:
 * - script-src 'unsafe-inline': Next's app router inlines its RSC payload in <script> tags (a nonce would force
 *   every page to render dynamically); dev adds 'unsafe-eval' (React's dev tooling) and ws: (HMR).
 * - style-src 'unsafe-inline': react-big-calendar positions events and Radix positions popovers with style attributes.
 * - frame-src 'self': the invitation preview is a sandboxed srcdoc iframe, which inherits this policy.
 * - frame-ancestors 'none': nobody frames FieldSync (clickjacking); form-action 'self'; no plugins; <base> pinned.
 * Google's consent screen and Google's APIs are reached by top-level navigation and from the server, never fetched
 * by the browser, so connect-src stays 'self'.
 */

/** @param {{ production: boolean }} options */
export function contentSecurityPolicy({ production }) {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${production ? "" : " 'unsafe-eval'"}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${production ? "" : " ws: wss:"}`,
    "frame-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "object-src 'none'",
    "base-uri 'self'",
  ].join("; ");
}

/** Pages whose URL carries a secret (invitation links, OAuth code + state, magic-link tokens): never sent as Referer. */
const TOKEN_BEARING_PATHS = ["/connect/:path*", "/getAuthKey", "/api/auth/callback/:path*"];

/**
 * @param {{ production: boolean }} options
 * @returns {import("next/dist/lib/load-custom-routes").Header[]}
 */
export function securityHeaders({ production }) {
  const everywhere = [
    { key: "Content-Security-Policy", value: contentSecurityPolicy({ production }) },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
    // Over plain http (local `next start`) browsers ignore it; in production the site is https only.
    ...(production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
  ];
  return [
    { source: "/:path*", headers: everywhere },
    // Later entries override earlier ones for the same header.
    ...TOKEN_BEARING_PATHS.map((source) => ({ source, headers: [{ key: "Referrer-Policy", value: "no-referrer" }] })),
  ];
}
