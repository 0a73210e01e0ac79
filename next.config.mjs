import { securityHeaders } from "./security-headers.mjs";

/** @type {import("next").NextConfig} */
const nextConfig = {
  // PGlite ships its own WASM + data files and postgres.js uses Node sockets: keep both out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "@googleapis/calendar", "google-auth-library"],
  typedRoutes: false,
  // Lets several dev servers (or a dev server and a test build) share one checkout.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  experimental: { authInterrupts: true },
  // Next's request log (dev) must not print links that carry secrets: invitation links, Google's
  // code + state on /getAuthKey, magic-link tokens. Our own request lines log the path only.
  logging: {
    incomingRequests: { ignore: [/[?&](invite|code|state|token|email)=/i, /^\/api\/auth\/callback\//] },
  },
  // Security headers (CSP, HSTS, nosniff, Referrer-Policy): see security-headers.mjs. No X-Powered-By.
  poweredByHeader: false,
  headers: async () => securityHeaders({ production: process.env.NODE_ENV === "production" }),
};

export default nextConfig;
