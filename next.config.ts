import type { NextConfig } from "next";
import { NON_PAGE_POLICY } from "./lib/security/csp";

const nextConfig: NextConfig = {
  // Benchmarks build into their own folder so they never race the browser tests' build.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // PGlite ships WASM and data files that must be loaded from node_modules at run time.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2"],
  poweredByHeader: false,
  async headers() {
    const everywhere = [
      { key: "X-Frame-Options", value: "DENY" },
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    ];
    // Pages get their nonce policy (and HSTS when served over TLS) from proxy.ts; the paths the
    // proxy skips (the API and Next's static files) get a policy that lets nothing run or frame them.
    const nonPage = [{ key: "Content-Security-Policy", value: NON_PAGE_POLICY }];
    return [
      { source: "/:path*", headers: everywhere },
      { source: "/api/:path*", headers: nonPage },
      { source: "/_next/:path*", headers: nonPage },
      { source: "/favicon.ico", headers: nonPage },
    ];
  },
  experimental: {
    authInterrupts: true,
  },
};

export default nextConfig;
