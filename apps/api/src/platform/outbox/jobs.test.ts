import { describe, expect, it } from 'vitest';
import { backoffMs } from './jobs.js';

describe('backoffMs', () => {
  it('doubles from one second, with jitter, up to an hour', () => {
    for (let attempt = 1; attempt <= 30; attempt++) {
      const base = Math.min(1000 * 2 ** (attempt - 1), 3_600_000);
      const d = backoffMs(attempt);
      expect(d).toBeGreaterThanOrEqual(base * 0.8);
      expect(d).toBeLessThanOrEqual(base * 1.2);
    }
  });
});
