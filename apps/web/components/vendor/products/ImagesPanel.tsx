'use client';
import { useEffect, useRef, useState } from 'react';
import type { DragEvent, FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { browserApi } from '../../../lib/browser-api';
import { problemOf } from '../../console/problems';
import { ConfirmAction } from '../../console/ConfirmAction';
import { Panel, StatusBadge } from '../../console/ConsoleShell';
import { ConflictNotice, ProblemAlert } from '../../console/feedback';
import { Field } from '../../console/fields';
import { newKey } from './productForm';
import type { Product, ProductImage } from './types';
import { useProductAction } from './useProductAction';
import styles from './products.module.css';

/** What the API accepts (it judges by content; this only spares a pointless upload). */
const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif'];
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** The drag data type of an image being reordered (files carry `Files`). */
const IMAGE_DRAG = 'application/x-bazaar-image';

interface Upload {
  key: string;
  name: string;
  /** An object URL of the file, shown while it uploads. */
  preview: string | null;
  error: string | null;
}

const byPosition = (images: readonly ProductImage[]) => [...images].sort((a, b) => a.position - b.position);
const carriesFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes('Files');

/**
 * A product's images: upload by file picker or by dropping files on the panel (each previewed while
 * it uploads), alt text, order by dragging or by "Move up"/"Move down" (the first image is the
 * primary one), and removal with confirmation. `onChanged` reloads the product (images, version and
 * status change with every image edit).
 */
export function ImagesPanel({
  product,
  readOnly,
  onChanged,
}: {
  product: Product;
  readOnly: boolean;
  onChanged: () => Promise<void>;
}) {
  const t = useTranslations('vendorProducts');
  const tc = useTranslations('console');
  const action = useProductAction();
  const [images, setImages] = useState<ProductImage[]>(() => byPosition(product.images));
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [alts, setAlts] = useState<Record<string, string>>({});
  const [announce, setAnnounce] = useState('');
  const [dropping, setDropping] = useState(false);
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const busy = useRef(false);

  useEffect(() => setImages(byPosition(product.images)), [product.images]);

  // Object URLs of previews live until their upload ends or the page goes.
  const previews = useRef(new Set<string>());
  useEffect(() => {
    const urls = previews.current;
    return () => urls.forEach((u) => URL.revokeObjectURL(u));
  }, []);
  const forget = (url: string | null) => {
    if (!url) return;
    URL.revokeObjectURL(url);
    previews.current.delete(url);
  };

  const fileProblem = (file: File): string | null => {
    if (!ACCEPTED.includes(file.type)) return t('images.badType', { name: file.name });
    if (file.size > MAX_IMAGE_BYTES) return t('images.tooBig', { name: file.name });
    return null;
  };

  async function uploadOne(file: File, key: string): Promise<void> {
    let failure: string | null = null;
    try {
      const { error, response } = await browserApi.POST('/api/v1/vendor/products/{id}/images', {
        params: { path: { id: product.id } },
        body: { file: file.name, alt: product.title.slice(0, 300) },
        bodySerializer: (body) => {
          const form = new FormData();
          if (body.alt) form.append('alt', body.alt);
          form.append('file', file, file.name);
          return form;
        },
      });
      if (response.status === 413) failure = t('errors.payload_too_large');
      else if (!response.ok) failure = action.describe(problemOf(error, response));
    } catch {
      failure = tc('errors.network_error');
    }
    if (failure) {
      setUploads((u) =>
        u.map((x) =>
          x.key === key ? { ...x, error: t('images.failed', { name: file.name, error: failure ?? '' }) } : x,
        ),
      );
      return;
    }
    await onChanged();
    setUploads((u) => {
      forget(u.find((x) => x.key === key)?.preview ?? null);
      return u.filter((x) => x.key !== key);
    });
    setAnnounce(t('images.uploaded', { name: file.name }));
  }

  async function upload(files: File[]) {
    if (readOnly || files.length === 0) return;
    const queued: Array<{ file: File; key: string }> = [];
    const added: Upload[] = files.map((file) => {
      const key = newKey('u');
      const problem = fileProblem(file);
      if (problem) return { key, name: file.name, preview: null, error: problem };
      const preview = URL.createObjectURL(file);
      previews.current.add(preview);
      queued.push({ file, key });
      return { key, name: file.name, preview, error: null };
    });
    setUploads((u) => [...u, ...added]);
    // One at a time, so the images keep the order they were chosen in.
    for (const { file, key } of queued) await uploadOne(file, key);
  }

  const dismiss = (key: string) =>
    setUploads((u) => {
      forget(u.find((x) => x.key === key)?.preview ?? null);
      return u.filter((x) => x.key !== key);
    });

  /** Puts the image at `to` (0 makes it primary), then keeps focus on its move buttons. */
  async function move(image: ProductImage, to: number) {
    const from = images.findIndex((i) => i.id === image.id);
    if (busy.current || readOnly || from < 0 || to < 0 || to >= images.length || to === from) return;
    busy.current = true;
    const next = images.filter((i) => i.id !== image.id);
    next.splice(to, 0, image);
    setImages(next);
    const done = await action.run(() =>
      browserApi.PATCH('/api/v1/vendor/products/{id}/images/{imageId}', {
        params: { path: { id: product.id, imageId: image.id }, header: { 'if-match': `"${image.version}"` } },
        body: { position: to },
      }),
    );
    if (done) setAnnounce(t('images.moved', { position: to + 1, count: images.length }));
    await onChanged();
    busy.current = false;
    const up = document.getElementById(`image-${image.id}-up`);
    const down = document.getElementById(`image-${image.id}-down`);
    (to === 0 ? down : up)?.focus();
  }

  async function saveAlt(e: FormEvent, image: ProductImage) {
    e.preventDefault();
    const alt = (alts[image.id] ?? image.alt).trim();
    const done = await action.run(() =>
      browserApi.PATCH('/api/v1/vendor/products/{id}/images/{imageId}', {
        params: { path: { id: product.id, imageId: image.id }, header: { 'if-match': `"${image.version}"` } },
        body: { alt },
      }),
    );
    if (!done) return;
    setAlts(({ [image.id]: _saved, ...rest }) => rest);
    setAnnounce(t('images.altSaved'));
    await onChanged();
  }

  async function remove(image: ProductImage): Promise<string | null> {
    let failure: string | null = null;
    const done = await action.run(
      () =>
        browserApi.DELETE('/api/v1/vendor/products/{id}/images/{imageId}', {
          params: { path: { id: product.id, imageId: image.id }, header: { 'if-match': `"${image.version}"` } },
        }),
      (p) => (failure = action.describe(p)),
    );
    if (!done) return failure ?? tc('errors.generic');
    setAnnounce(t('images.deleted'));
    await onChanged();
    return null;
  }

  const panelDrag = {
    onDragOver: (e: DragEvent) => {
      if (readOnly || !carriesFiles(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      setDropping(true);
    },
    onDragLeave: (e: DragEvent) => {
      if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropping(false);
    },
    onDrop: (e: DragEvent) => {
      if (readOnly || !carriesFiles(e)) return;
      e.preventDefault();
      setDropping(false);
      void upload(Array.from(e.dataTransfer.files));
    },
  };

  return (
    <Panel title={t('images.title')} id="product-images">
      <div {...panelDrag}>
        <p className="hint">{t('images.rules')}</p>
        {product.status === 'active' && !readOnly && <p className="hint">{t('images.activeHint')}</p>}
        {action.conflict && (
          <ConflictNotice
            onReload={() => {
              action.reset();
              void onChanged();
            }}
          />
        )}
        {!action.conflict && <ProblemAlert message={action.message} />}
        {readOnly ? (
          <p className="muted">{t('images.readOnly')}</p>
        ) : (
          <div className={`${styles.dropZone} ${dropping ? styles.dropActive : ''}`}>
            <p>{t('images.dropHere')}</p>
            <input
              id="product-image-files"
              type="file"
              accept={ACCEPTED.join(',')}
              multiple
              className={`visually-hidden ${styles.fileInput}`}
              onChange={(e) => {
                const files = Array.from(e.target.files ?? []);
                e.target.value = '';
                void upload(files);
              }}
            />
            <label htmlFor="product-image-files" className="btn btn-secondary">
              {t('images.choose')}
            </label>
          </div>
        )}
        {uploads.length > 0 && (
          <ul className={styles.uploads} aria-label={t('images.uploadsLabel')}>
            {uploads.map((u) => (
              <li key={u.key} className={styles.upload} aria-busy={!u.error || undefined}>
                {u.preview && <img src={u.preview} alt="" className={styles.thumb} width={96} height={96} />}
                {u.error ? (
                  <p role="alert" className="field-error">
                    {u.error}{' '}
                    <button type="button" className="btn-link" onClick={() => dismiss(u.key)}>
                      {t('images.dismiss')}
                      <span className="visually-hidden"> {u.name}</span>
                    </button>
                  </p>
                ) : (
                  <p className="muted">{t('images.uploading', { name: u.name })}</p>
                )}
              </li>
            ))}
          </ul>
        )}
        {images.length === 0 && uploads.length === 0 && <p className="muted">{t('images.empty')}</p>}
        {images.length > 1 && !readOnly && <p className="hint">{t('images.reorderHint')}</p>}
        {images.length > 0 && (
          <ol className={styles.images} aria-label={t('images.listLabel')}>
            {images.map((image, index) => {
              const n = index + 1;
              const altId = `image-${image.id}-alt`;
              return (
                <li
                  key={image.id}
                  className={`${styles.image} ${over === index && dragging !== image.id ? styles.dropTarget : ''} ${
                    dragging === image.id ? styles.dragging : ''
                  }`}
                  draggable={!readOnly}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(IMAGE_DRAG, image.id);
                    e.dataTransfer.effectAllowed = 'move';
                    setDragging(image.id);
                  }}
                  onDragOver={(e) => {
                    if (!dragging) return;
                    e.preventDefault();
                    e.dataTransfer.dropEffect = 'move';
                    setOver(index);
                  }}
                  onDrop={(e) => {
                    if (!dragging) return;
                    e.preventDefault();
                    e.stopPropagation();
                    const moved = images.find((i) => i.id === dragging);
                    setDragging(null);
                    setOver(null);
                    if (moved) void move(moved, index);
                  }}
                  onDragEnd={() => {
                    setDragging(null);
                    setOver(null);
                  }}
                >
                  <img
                    src={image.thumbnailUrl}
                    alt={image.alt}
                    className={styles.thumb}
                    width={120}
                    height={120}
                    draggable={false}
                  />
                  <p className={styles.imageMeta}>
                    <span>{t('images.position', { n, count: images.length })}</span>
                    {image.primary && <StatusBadge tone="info">{t('images.primary')}</StatusBadge>}
                  </p>
                  <form onSubmit={(e) => void saveAlt(e, image)} className={styles.altForm}>
                    <Field
                      id={altId}
                      label={
                        <>
                          {t('images.alt')}
                          <span className="visually-hidden"> ({t('images.imageN', { n })})</span>
                        </>
                      }
                      value={alts[image.id] ?? image.alt}
                      maxLength={300}
                      disabled={readOnly}
                      onChange={(e) => setAlts((a) => ({ ...a, [image.id]: e.target.value }))}
                    />
                    {!readOnly && (
                      <button type="submit" className="btn btn-secondary">
                        {t('images.saveAlt')}
                        <span className="visually-hidden"> ({t('images.imageN', { n })})</span>
                      </button>
                    )}
                  </form>
                  {!readOnly && (
                    <div className={styles.imageActions}>
                      <button
                        id={`image-${image.id}-up`}
                        type="button"
                        className="btn btn-secondary"
                        disabled={index === 0}
                        onClick={() => void move(image, index - 1)}
                      >
                        {t('images.moveUp')}
                        <span className="visually-hidden"> ({t('images.imageN', { n })})</span>
                      </button>
                      <button
                        id={`image-${image.id}-down`}
                        type="button"
                        className="btn btn-secondary"
                        disabled={index === images.length - 1}
                        onClick={() => void move(image, index + 1)}
                      >
                        {t('images.moveDown')}
                        <span className="visually-hidden"> ({t('images.imageN', { n })})</span>
                      </button>
                      <ConfirmAction
                        label={
                          <>
                            {t('images.delete')}
                            <span className="visually-hidden"> ({t('images.imageN', { n })})</span>
                          </>
                        }
                        title={t('images.deleteTitle', { n })}
                        body={<p>{t('images.deleteBody')}</p>}
                        confirmLabel={t('images.deleteConfirm')}
                        danger
                        className="btn btn-secondary"
                        onConfirm={() => remove(image)}
                      />
                    </div>
                  )}
                </li>
              );
            })}
          </ol>
        )}
        <p role="status" className="visually-hidden">
          {announce}
        </p>
      </div>
    </Panel>
  );
}
