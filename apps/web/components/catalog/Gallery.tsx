'use client';
import Image from 'next/image';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import type { ProductImage } from '../../lib/catalog-types';
import styles from './Gallery.module.css';

/** Main product image with thumbnail buttons; the first image loads with priority (largest contentful paint). */
export function Gallery({ images, title }: { images: readonly ProductImage[]; title: string }) {
  const t = useTranslations('catalog');
  const [index, setIndex] = useState(0);
  const current = images[index] ?? images[0];
  if (!current) {
    return (
      <div className={styles.placeholder}>
        <span>{t('card.noImage')}</span>
      </div>
    );
  }
  return (
    <section className={styles.gallery} aria-label={t('product.gallery')}>
      <div className={styles.main}>
        <Image
          key={current.id}
          src={current.url}
          alt={current.alt || title}
          width={current.width}
          height={current.height}
          sizes="(min-width: 900px) 50vw, 100vw"
          priority={index === 0}
          className={styles.mainImage}
        />
      </div>
      {images.length > 1 && (
        <ul className={styles.thumbs}>
          {images.map((image, i) => (
            <li key={image.id}>
              <button
                type="button"
                className={styles.thumb}
                aria-pressed={i === index}
                aria-label={t('product.showImage', { index: i + 1, total: images.length })}
                onClick={() => setIndex(i)}
              >
                <Image
                  src={image.thumbnailUrl}
                  alt=""
                  width={64}
                  height={64}
                  sizes="64px"
                  className={styles.thumbImage}
                />
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
