import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen } from '@testing-library/react';
import { renderWithStore } from '../../test/render';
import { SearchBox, SUGGEST_DELAY_MS } from './SearchBox';

const { push } = vi.hoisted(() => ({ push: vi.fn() }));
vi.mock('next/navigation', () => ({ useRouter: () => ({ push, replace: vi.fn(), prefetch: vi.fn() }) }));

/** `GET /api/v1/products/suggest` answers as the API sends them. */
const SUGGESTIONS: Record<string, { id: string; slug: string; title: string }[]> = {
  bo: [{ id: '01a24964-e6bf-77ed-b078-aaaaaaaaaaaa', slug: 'board-game', title: 'Classic Board Game Bundle' }],
  bow: [
    { id: '01a24964-e6bf-77ed-b078-0269f9a4186d', slug: 'wide-ramen-bowl', title: 'Wide Ramen Bowl' },
    {
      id: '01a24964-e6bf-77ed-b078-bbbbbbbbbbbb',
      slug: 'vintage-ceramic-mixing-bowl',
      title: 'Vintage Ceramic Mixing Bowl',
    },
  ],
};

interface Pending {
  q: string;
  url: URL;
  resolve: () => void;
}

let pending: Pending[] = [];

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  pending = [];
  push.mockReset();
  // The API answers only when the test says so, so the order of answers can be chosen.
  vi.stubGlobal(
    'fetch',
    vi.fn((input: Request) => {
      const url = new URL(input.url);
      const q = url.searchParams.get('q') ?? '';
      return new Promise<Response>((resolve) => {
        pending.push({ q, url, resolve: () => resolve(json({ data: SUGGESTIONS[q] ?? [] })) });
      });
    }),
  );
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** Lets resolved fetches reach React state. */
async function flush() {
  for (let i = 0; i < 5; i++) await act(async () => {});
}

async function typeText(input: HTMLElement, text: string) {
  for (let i = 1; i <= text.length; i++) {
    fireEvent.change(input, { target: { value: text.slice(0, i) } });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(50);
    });
  }
}

async function settle() {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(SUGGEST_DELAY_MS);
  });
}

const box = () => screen.getByRole('combobox', { name: 'Search products' });

describe('SearchBox', () => {
  it('asks once for suggestions after fast typing, and shows them as a listbox', async () => {
    renderWithStore(<SearchBox />);
    expect(box().getAttribute('aria-expanded')).toBe('false');
    await typeText(box(), 'bow');
    expect(fetch).not.toHaveBeenCalled();
    await settle();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(pending[0]?.url.pathname).toBe('/api/v1/products/suggest');
    expect(pending[0]?.q).toBe('bow');
    pending[0]?.resolve();
    await flush();
    expect(box().getAttribute('aria-expanded')).toBe('true');
    const listbox = screen.getByRole('listbox');
    expect(box().getAttribute('aria-controls')).toBe(listbox.id);
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Wide Ramen Bowl',
      'Vintage Ceramic Mixing Bowl',
    ]);
  });

  it('moves with the arrow keys and opens the highlighted suggestion on Enter', async () => {
    renderWithStore(<SearchBox />);
    await typeText(box(), 'bow');
    await settle();
    pending[0]?.resolve();
    await flush();
    fireEvent.keyDown(box(), { key: 'ArrowDown' });
    const [first, second] = screen.getAllByRole('option');
    expect(box().getAttribute('aria-activedescendant')).toBe(first?.id);
    expect(first?.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(box(), { key: 'ArrowDown' });
    expect(box().getAttribute('aria-activedescendant')).toBe(second?.id);
    fireEvent.keyDown(box(), { key: 'ArrowUp' });
    expect(box().getAttribute('aria-activedescendant')).toBe(first?.id);
    fireEvent.keyDown(box(), { key: 'Enter' });
    expect(push).toHaveBeenCalledWith('/p/wide-ramen-bowl');
  });

  it('submits the search when no suggestion is highlighted', async () => {
    renderWithStore(<SearchBox />);
    await typeText(box(), 'bow');
    fireEvent.submit(box().closest('form')!);
    expect(push).toHaveBeenCalledWith('/search?q=bow');
  });

  it('closes on Escape', async () => {
    renderWithStore(<SearchBox />);
    await typeText(box(), 'bow');
    await settle();
    pending[0]?.resolve();
    await flush();
    fireEvent.keyDown(box(), { key: 'ArrowDown' });
    fireEvent.keyDown(box(), { key: 'Escape' });
    expect(box().getAttribute('aria-expanded')).toBe('false');
    expect(box().getAttribute('aria-activedescendant')).toBeNull();
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('ignores an answer that arrives after a newer one', async () => {
    renderWithStore(<SearchBox />);
    await typeText(box(), 'bo');
    await settle();
    await typeText(box(), 'bow');
    await settle();
    expect(pending.map((p) => p.q)).toEqual(['bo', 'bow']);
    pending[1]?.resolve();
    await flush();
    pending[0]?.resolve(); // the older request answers last
    await flush();
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Wide Ramen Bowl',
      'Vintage Ceramic Mixing Bowl',
    ]);
  });
});
