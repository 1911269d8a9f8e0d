import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

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
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
        ],
      },
      { source: '/sw.js', headers: [{ key: 'Cache-Control', value: 'no-cache' }] },
    ];
  },
};

export default withNextIntl(nextConfig);
