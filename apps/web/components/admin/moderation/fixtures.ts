/** Records and accounts for the moderation, catalog and coupon component tests. */
import { vi } from 'vitest';
import type { Me } from '../../console/ConsoleProvider';
import { STORE_PERMISSIONS } from '../people/permissions';
import type { AdminVendor } from './types';

const stamp = '2026-12-01T10:00:00.000Z';

export const OWNER: Me = {
  id: '01a24964-e6bf-77ed-b077-fac7e2330b6b',
  email: 'owner@demo.test',
  emailVerified: true,
  name: 'Olivia Owner',
  phone: null,
  locale: 'en',
  roles: ['owner'],
  permissions: [...STORE_PERMISSIONS],
  mfaEnabled: false,
  hasPassword: true,
  createdAt: stamp,
  updatedAt: stamp,
  version: 1,
};

/** Staff with the default grants: moderation and catalog, no coupons or settings. */
export const STAFF: Me = {
  ...OWNER,
  id: '01a24964-e6bf-77ed-b077-fac7e2330b6c',
  email: 'staff@demo.test',
  name: 'Sam Staff',
  roles: ['staff'],
  permissions: ['orders:read:any', 'orders:manage', 'products:approve', 'vendors:approve', 'catalog:manage'],
};

export const VENDOR_ID = '01a24a1f-c506-76f3-817d-7ce37b74e883';

export function vendor(patch: Partial<AdminVendor> = {}): AdminVendor {
  return {
    id: VENDOR_ID,
    slug: 'paper-studio',
    name: 'Paper Studio',
    description: 'Hand-bound notebooks.',
    logoUrl: null,
    status: 'pending',
    statusReason: null,
    commissionRateBps: null,
    contact: { email: 'studio@example.test', name: 'Pat Paper' },
    approvedAt: null,
    createdAt: stamp,
    version: 1,
    applicantUserId: '01a24a1f-c226-7268-a936-a38a637fd42c',
    reviewedBy: null,
    reviewedAt: null,
    updatedAt: stamp,
    ...patch,
  };
}

/** An RFC 9457 problem response. */
export const problem = (status: number, code: string, detail: string, errors?: { path: string; message: string }[]) =>
  Response.json(
    { type: `/problems/${code}`, title: 'Problem', status, code, detail, instance: '/x', requestId: 'r', errors },
    { status, headers: { 'Content-Type': 'application/problem+json' } },
  );

/** Answers the requests in order (500 once they run out) and records them. */
export function stubFetch(...answers: Response[]) {
  const requests: Request[] = [];
  const fetch = vi.fn(async (input: Request) => {
    requests.push(input.clone());
    return answers.shift() ?? Response.json({}, { status: 500 });
  });
  vi.stubGlobal('fetch', fetch);
  return { fetch, requests };
}
