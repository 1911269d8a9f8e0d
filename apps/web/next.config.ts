import type { NextConfig } from 'next';

/**
 * Origin of the Bazaar API. The browser only ever talks to this web origin; `/api/*` is proxied here.
 *
 * Note: Next.js compiles rewrites into `.next/routes-manifest.json` at `next build`, so the proxy target is the
 * `API_URL` of the build, not of `next start`. (Server components read `API_URL` at request time.)
 */
const apiUrl = new URL(process.env.API_URL ?? 'http://127.0.0.1:4000').origin;

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  async rewrites() {
    return [{ source: '/api/:path*', destination: `${apiUrl}/api/:path*` }];
  },
};

export default nextConfig;
