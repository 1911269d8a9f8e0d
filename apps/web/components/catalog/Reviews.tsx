import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { RatingSummary, Review } from '../../lib/catalog-types';
import { Rating } from './Rating';
import styles from './Reviews.module.css';

/** Rating summary with a histogram (5 stars first). */
export function RatingHistogram({ summary, locale }: { summary: RatingSummary; locale: string }) {
  const t = useTranslations('catalog');
  const max = Math.max(1, summary.count);
  const average = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(
    Math.round(summary.average * 10) / 10,
  );
  return (
    <div className={styles.summary}>
      <p className={styles.average}>
        <span className={styles.averageNumber}>{t('reviews.average', { average })}</span>
        <Rating average={summary.average} count={summary.count} locale={locale} />
      </p>
      <ul className={styles.histogram} aria-label={t('reviews.summary')}>
        {(['5', '4', '3', '2', '1'] as const).map((stars) => {
          const count = summary.histogram[stars];
          return (
            <li key={stars} className={styles.row}>
              <span className="visually-hidden">{t('reviews.histogramRow', { stars: Number(stars), count })}</span>
              <span aria-hidden="true" className={styles.rowLabel}>
                {stars}★
              </span>
              <span aria-hidden="true" className={styles.bar}>
                <span className={styles.fill} style={{ width: `${(count / max) * 100}%` }} />
              </span>
              <span aria-hidden="true" className={styles.rowCount}>
                {count}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** A list of reviews: stars, title, author, date, body, "Verified purchase". */
export function ReviewList({
  reviews,
  locale,
  headingLevel = 3,
}: {
  reviews: readonly Review[];
  locale: string;
  headingLevel?: 2 | 3;
}) {
  const t = useTranslations('catalog');
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ol className={styles.list}>
      {reviews.map((review) => (
        <li key={review.id} className={styles.review}>
          <article>
            <Heading className={styles.title}>{review.title}</Heading>
            <p className={styles.meta}>
              <Rating average={review.rating} count={1} locale={locale} single />
              <span>{t('reviews.by', { name: review.author.name })}</span>
              <time dateTime={review.createdAt}>{date.format(new Date(review.createdAt))}</time>
              {review.verifiedPurchase && <span className={styles.verified}>{t('reviews.verified')}</span>}
            </p>
            <p className={styles.body}>{review.body}</p>
          </article>
        </li>
      ))}
    </ol>
  );
}

/** The reviews section of a product page: summary, first page, link to the rest. */
export function ReviewsSection({
  summary,
  reviews,
  hasMore,
  moreHref,
  locale,
}: {
  summary: RatingSummary;
  reviews: readonly Review[];
  hasMore: boolean;
  moreHref: string;
  locale: string;
}) {
  const t = useTranslations('catalog');
  return (
    <section aria-labelledby="reviews-title" className={styles.section}>
      <h2 id="reviews-title">{t('reviews.title')}</h2>
      {summary.count === 0 ? (
        <p className="muted">{t('reviews.none')}</p>
      ) : (
        <div className={styles.layout}>
          <RatingHistogram summary={summary} locale={locale} />
          <div>
            <ReviewList reviews={reviews} locale={locale} />
            {hasMore && (
              <Link href={moreHref} className="btn btn-secondary">
                {t('reviews.more')}
              </Link>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
