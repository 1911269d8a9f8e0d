import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithStore } from '../../test/render';
import { csvFileProblem, ImportUpload, MAX_CSV_BYTES } from './ImportUpload';
import type { CatalogImport } from './types';

// A stable router, as Next's is (hooks depend on it).
const router = { push: vi.fn(), replace: vi.fn() };
vi.mock('next/navigation', () => ({
  useRouter: () => router,
  usePathname: () => '/vendor/imports',
}));

const CSV = 'product_slug,sku,price,stock\nbowl,B-1,1999,5\nbowl,B-2,abc,5\n';
const base: CatalogImport = {
  id: '01a24964-0000-7000-8000-000000000030',
  status: 'queued',
  dryRun: true,
  totalRows: 0,
  okRows: 0,
  errorRows: 0,
  error: null,
  createdAt: '2026-12-02T10:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  results: [],
};
const checked: CatalogImport = {
  ...base,
  status: 'completed',
  totalRows: 2,
  okRows: 1,
  errorRows: 1,
  finishedAt: '2026-12-02T10:00:01.000Z',
  results: [
    { row: 1, ok: true, sku: 'B-1', action: 'created' },
    { row: 2, ok: false, sku: 'B-2', error: 'price must be a whole number of minor units' },
  ],
};

function stubFetch(...answers: Response[]) {
  const requests: Request[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: Request) => {
      requests.push(input.clone());
      const next = answers.shift();
      if (!next) throw new Error('unexpected request');
      return next;
    }),
  );
  return requests;
}

afterEach(() => vi.unstubAllGlobals());

describe('csvFileProblem', () => {
  it('takes CSV files up to the limit', () => {
    expect(csvFileProblem(null)).toBe('noFile');
    expect(csvFileProblem(new File(['x'], 'photo.png', { type: 'image/png' }))).toBe('notCsv');
    expect(csvFileProblem(new File([], 'empty.csv'))).toBe('empty');
    expect(csvFileProblem(new File([CSV], 'products.csv', { type: 'text/csv' }))).toBeNull();
    const big = new File(['x'], 'big.csv');
    Object.defineProperty(big, 'size', { value: MAX_CSV_BYTES + 1 });
    expect(csvFileProblem(big)).toBe('tooLarge');
  });
});

describe('ImportUpload', () => {
  it('asks for a file first', async () => {
    const requests = stubFetch();
    renderWithStore(<ImportUpload onFinished={vi.fn()} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Check file' }));
    expect(screen.getByText('Choose a CSV file first.')).toBeTruthy();
    expect(screen.getByLabelText('CSV file').getAttribute('aria-invalid')).toBe('true');
    expect(requests).toHaveLength(0);
  });

  it('checks the file (a dry run) and shows the result of every row', async () => {
    const requests = stubFetch(Response.json(base, { status: 202 }), Response.json(checked));
    const onFinished = vi.fn();
    renderWithStore(<ImportUpload onFinished={onFinished} />);
    const user = userEvent.setup();
    expect(screen.getByRole('button', { name: 'Import' }).hasAttribute('disabled')).toBe(true);
    await user.upload(screen.getByLabelText('CSV file'), new File([CSV], 'products.csv', { type: 'text/csv' }));
    await user.click(screen.getByRole('button', { name: 'Check file' }));

    await waitFor(() => expect(screen.getByText('Checked 2 rows: 1 can be imported, 1 has an error.')).toBeTruthy());
    expect(screen.getByText('price must be a whole number of minor units')).toBeTruthy();
    expect(screen.getByRole('row', { name: /2 Error B-2/ })).toBeTruthy();
    expect(onFinished).toHaveBeenCalledWith(checked);

    const post = requests[0]!;
    expect(post.method).toBe('POST');
    expect(new URL(post.url).pathname).toBe('/api/v1/vendor/products/import');
    expect(new URL(post.url).searchParams.get('dryRun')).toBe('true');
    expect(post.headers.get('Content-Type')).toBe('text/csv');
    expect(await post.text()).toBe(CSV);
    expect(new URL(requests[1]!.url).pathname).toBe(`/api/v1/vendor/imports/${base.id}`);
    expect(screen.getByRole('button', { name: 'Import' }).hasAttribute('disabled')).toBe(false);
  });

  it("shows the API's refusal", async () => {
    stubFetch(
      Response.json(
        {
          type: '/problems/payload_too_large',
          title: 'Too large',
          status: 413,
          code: 'payload_too_large',
          detail: 'The file is too large.',
          instance: '/x',
          requestId: 'r',
        },
        { status: 413, headers: { 'Content-Type': 'application/problem+json' } },
      ),
    );
    renderWithStore(<ImportUpload onFinished={vi.fn()} />);
    const user = userEvent.setup();
    await user.upload(screen.getByLabelText('CSV file'), new File([CSV], 'products.csv', { type: 'text/csv' }));
    await user.click(screen.getByRole('button', { name: 'Check file' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('The file is too large.'));
  });
});
