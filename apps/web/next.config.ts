import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

/**
 * Content Security Policy of the pages. Statically cached pages cannot carry a per-request nonce, so
 * inline scripts (Next's bootstrap) are allowed by `'unsafe-inline'`; everything else is this origin
 * only: no third-party script, frame, connection or form target. Development adds `'unsafe-eval'`
 * (React's dev tooling) and the dev server's websocket.
 */
const dev = process.env.NODE_ENV !== 'production';
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
  "worker-src 'self'",
  "manifest-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

const nextConfig: NextConfig = {
  // A separate build directory lets a second build (tests, benchmarks) run beside the one being served.
  distDir: process.env.WEB_DIST_DIR?.trim() || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  // `/api/*` is forwarded to the API by `app/api/[...path]/route.ts` at request time (so `API_URL` is read
  // when the server starts, not baked in at build time).
  images: {
    // Product images come from the API's media route on this origin; the optimizer re-encodes them.
    localPatterns: [{ pathname: '/api/v1/media/**' }],
    formats: ['image/avif', 'image/webp'],
    deviceSizes: [360, 640, 828, 1080, 1280, 1920],
    imageSizes: [64, 96, 128, 256, 384],
    minimumCacheTTL: 3600,
  },
  async headers() {
    return [
      {
        // Not on `/api/*`: the API's own answers carry their own headers.
        source: '/((?!api/).*)',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Content-Security-Policy', value: csp },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
        ],
      },
      { source: '/sw.js', headers: [{ key: 'Cache-Control', value: 'no-cache' }] },
    ];
  },
};

export default withNextIntl(nextConfig);
