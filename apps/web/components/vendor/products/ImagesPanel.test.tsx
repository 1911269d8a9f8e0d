import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithStore } from '../../../test/render';
import { ImagesPanel } from './ImagesPanel';
import type { Product, ProductImage } from './types';

const PRODUCT_ID = '01a24a1e-d0fc-7051-ba53-51b809a289d7';
const image = (n: number): ProductImage => ({
  id: `01a24a1e-d0fc-7051-ba53-51b809a28b0${n}`,
  url: `/api/v1/media/t/products/p/${n}.webp`,
  thumbnailUrl: `/api/v1/media/t/products/p/${n}-thumb.webp`,
  alt: `Photo ${n}`,
  width: 640,
  height: 640,
  bytes: 8000,
  contentType: 'image/webp',
  position: n - 1,
  primary: n === 1,
  version: n + 2,
  createdAt: '2026-12-06T06:51:00.000Z',
});

const product = {
  id: PRODUCT_ID,
  title: 'Linen napkin',
  status: 'draft',
  images: [image(1), image(2)],
} as Product;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function stubFetch(...answers: Response[]) {
  const sent: Request[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      sent.push(request.clone());
      const next = answers.shift();
      if (!next) throw new Error(`unexpected ${request.method} ${request.url}`);
      return next;
    }),
  );
  return sent;
}

describe('ImagesPanel', () => {
  it('moves an image with the keyboard: PATCH position with the image’s version, then reloads', async () => {
    const sent = stubFetch(json(200, { ...image(1), position: 1, version: 4 }));
    const onChanged = vi.fn(async () => undefined);
    renderWithStore(<ImagesPanel product={product} readOnly={false} onChanged={onChanged} />);
    const user = userEvent.setup();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Move up (image 1)' }).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Move down (image 1)' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(sent[0]?.method).toBe('PATCH');
    expect(new URL(sent[0]!.url).pathname).toBe(`/api/v1/vendor/products/${PRODUCT_ID}/images/${image(1).id}`);
    expect(sent[0]?.headers.get('If-Match')).toBe('"3"');
    expect(await sent[0]?.json()).toEqual({ position: 1 });
    expect(screen.getByText('Image moved to position 2 of 2.')).toBeTruthy();
  });

  it('uploads chosen files as multipart with a preview, and refuses files the store would not take', async () => {
    const sent = stubFetch(json(201, image(3)));
    const onChanged = vi.fn(async () => undefined);
    // jsdom has no object URLs.
    const createObjectURL = vi.fn(() => 'blob:preview');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    renderWithStore(<ImagesPanel product={product} readOnly={false} onChanged={onChanged} />);
    const user = userEvent.setup({ applyAccept: false });
    const photo = new File([new Uint8Array([137, 80, 78, 71])], 'sage.png', { type: 'image/png' });
    const text = new File(['hello'], 'notes.txt', { type: 'text/plain' });
    await user.upload(screen.getByLabelText('Upload images'), [photo, text]);

    expect(screen.getByRole('alert').textContent).toContain('notes.txt is not a JPEG, PNG, WebP, AVIF or GIF image.');
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers.get('Content-Type')).toMatch(/^multipart\/form-data; boundary=/);
    const form = await sent[0]!.formData();
    // (jsdom's File loses its name on the way into Node's Request; a browser sends it.)
    expect((form.get('file') as Blob).size).toBe(4);
    expect(form.get('alt')).toBe('Linen napkin');
    expect(createObjectURL).toHaveBeenCalledWith(photo);
    await waitFor(() => expect(screen.getByText('sage.png uploaded.')).toBeTruthy());
  });

  it('is read-only for an archived product', () => {
    stubFetch();
    renderWithStore(<ImagesPanel product={product} readOnly onChanged={async () => undefined} />);
    expect(screen.queryByLabelText('Upload images')).toBeNull();
    expect(screen.queryByRole('button', { name: /Move down/ })).toBeNull();
    expect(screen.getByText('Unarchive the product to change its images.')).toBeTruthy();
  });
});
