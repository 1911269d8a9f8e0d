'use client';
/**
 * The checkout: contact, shipping address, a shipping method per vendor, payment, then
 * `POST /checkout` with one Idempotency-Key per attempt (kept when the same attempt is retried
 * after a network failure or a 503, renewed once the API gave a definitive answer or the form changed).
 */
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { toProblem } from '@bazaar/sdk';
import type { Problem, paths } from '@bazaar/sdk';
import { browserApi, hasSession } from '../../lib/browser-api';
import { formatPrice } from '../../lib/format';
import { useStore } from '../layout/StoreContext';
import { networkProblem, useCart } from '../cart/CartProvider';
import type { CartView } from '../cart/CartProvider';
import { groupByVendor } from '../cart/groupByVendor';
import { TotalsList } from '../cart/TotalsList';
import { useShippingOptions } from '../cart/useShippingOptions';
import { CartLoadError, EmptyCart } from '../cart/CartStates';
import { checkoutProblemView, isRetryable } from './checkoutProblem';
import type { CheckoutProblemView } from './checkoutProblem';
import { countryOptions, storeCountry } from './countries';
import { newIdempotencyKey, rememberOrderToken } from './orderAccess';
import { FIELD_ORDER, firstInvalid, validateCheckout } from './validation';
import type { CheckoutErrors, CheckoutField, CheckoutValues } from './validation';
import styles from './CheckoutForm.module.css';

type SavedAddress =
  paths['/api/v1/me/addresses']['get']['responses'][200]['content']['application/json']['data'][number];
type CheckoutBody = NonNullable<paths['/api/v1/checkout']['post']['requestBody']>['content']['application/json'];

/** Test provider tokens a shopper may pick instead of typing a card (see the README's test cards). */
export const TEST_CARDS = [
  'tok_visa',
  'tok_mastercard',
  'tok_chargeDeclined',
  'tok_insufficientFunds',
  'tok_3ds',
] as const;

export function CheckoutForm() {
  const t = useTranslations('checkout');
  const uiLocale = useLocale();
  const store = useStore();
  const router = useRouter();
  const { cart, status, reload, forget, setAddress, guestCredentials } = useCart();
  const id = useId();
  const fieldId = (field: CheckoutField) => `${id}-${field}`;

  const [customer, setCustomer] = useState<{ email: string } | null | undefined>(undefined);
  const [addresses, setAddresses] = useState<SavedAddress[]>([]);
  const [values, setValues] = useState<CheckoutValues>(() => ({
    email: '',
    name: '',
    line1: '',
    line2: '',
    city: '',
    postalCode: '',
    region: '',
    country: storeCountry(store),
    phone: '',
    paymentMethod: store.paymentMethods[0] ?? '',
    testCard: 'tok_visa',
  }));
  const [errors, setErrors] = useState<CheckoutErrors>({});
  const [showSummary, setShowSummary] = useState(false);
  const [problem, setProblem] = useState<CheckoutProblemView | null>(null);
  const [phase, setPhase] = useState<'idle' | 'submitting' | 'redirecting'>('idle');
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [addressBusy, setAddressBusy] = useState(false);
  const attemptKey = useRef<string | null>(null);
  const problemRef = useRef<HTMLDivElement>(null);
  const token = guestCredentials()?.token;
  const options = useShippingOptions(cart, token);

  // Who is checking out: a customer's email comes from the account, their saved addresses fill the form.
  useEffect(() => {
    if (!hasSession()) {
      setCustomer(null);
      return;
    }
    let live = true;
    void browserApi.GET('/api/v1/me').then(({ data }) => {
      if (live) setCustomer(data ? { email: data.email } : null);
    });
    void browserApi.GET('/api/v1/me/addresses', { params: { query: { limit: 100 } } }).then(({ data }) => {
      if (!live || !data) return;
      setAddresses(data.data);
      const preferred = data.data.find((a) => a.isDefaultShipping) ?? data.data[0];
      if (preferred) fillFrom(preferred);
    });
    return () => {
      live = false;
    };
    // Runs once: the saved address is a starting point, not something to re-apply later.
  }, []);

  // The cart ships where the form says: shipping options and tax follow the country.
  // The region counts once the shopper has left its field (not on every keystroke).
  const [taxRegion, setTaxRegion] = useState('');
  const cartCountry = cart?.country ?? null;
  const cartRegion = cart?.region ?? '';
  const cartId = cart?.id;
  useEffect(() => {
    if (!cartId || (cartCountry === values.country && cartRegion === taxRegion)) return;
    setAddressBusy(true);
    void setAddress(values.country, taxRegion || null).finally(() => setAddressBusy(false));
  }, [cartId, cartCountry, cartRegion, values.country, taxRegion, setAddress]);
  const commitRegion = (value: string) => {
    const region = value.trim().toUpperCase();
    setTaxRegion(/^[A-Z0-9]{1,10}$/.test(region) ? region : '');
  };

  const vendors = useMemo(() => (cart ? groupByVendor(cart.items) : []), [cart]);
  const titles = useMemo(() => new Map(cart?.items.map((i) => [i.variantId, i.title]) ?? []), [cart]);

  // The option chosen per vendor (its cheapest until the shopper picks another). The cart is priced
  // with each vendor's cheapest; when a dearer one is chosen, the API prices the cart with the choice,
  // so the total shown is the total checkout will charge.
  const shippingOptionIds = useMemo(
    () =>
      vendors
        .map(({ vendor }) => chosen[vendor.id] ?? options.byVendor.get(vendor.id)?.[0]?.id)
        .filter((x): x is string => typeof x === 'string'),
    [vendors, chosen, options],
  );
  const pricedIds = cart?.shipping.map((s) => s.option?.id) ?? [];
  const needsQuote = shippingOptionIds.some((optionId) => !pricedIds.includes(optionId));
  const quoteKey = cart ? `${cart.id}:${cart.version}:${cart.country ?? ''}:${shippingOptionIds.join(',')}` : '';
  const [quote, setQuote] = useState<{ key: string; totals: CartView['totals'] } | null>(null);
  useEffect(() => {
    if (!cartId || !needsQuote) return;
    let live = true;
    void browserApi
      .GET('/api/v1/carts/{id}', {
        params: {
          path: { id: cartId },
          query: { shippingOptionIds },
          header: token ? { 'x-cart-token': token } : {},
        },
      })
      .then(({ data }) => {
        if (live && data) setQuote({ key: quoteKey, totals: data.totals });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
    // `quoteKey` names everything the quote depends on (cart, version, country, options).
  }, [quoteKey, needsQuote]);
  const totals = cart && needsQuote && quote?.key === quoteKey ? quote.totals : cart?.totals;
  const quoting = needsQuote && quote?.key !== quoteKey;

  function fillFrom(a: SavedAddress) {
    setValues((v) => ({
      ...v,
      name: a.name,
      line1: a.line1,
      line2: a.line2 ?? '',
      city: a.city,
      postalCode: a.postalCode,
      region: a.region ?? '',
      country: a.country.toUpperCase(),
      phone: a.phone ?? '',
    }));
    commitRegion(a.region ?? '');
  }

  const set = (field: CheckoutField, value: string) => {
    attemptKey.current = null;
    setValues((v) => ({ ...v, [field]: value }));
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!cart || phase !== 'idle') return;
    const found = validateCheckout(values, { needsEmail: !customer, needsCard: true });
    setErrors(found);
    const first = firstInvalid(found);
    if (first) {
      setShowSummary(true);
      setProblem(null);
      document.getElementById(fieldId(first))?.focus();
      return;
    }
    setShowSummary(false);
    setProblem(null);
    setPhase('submitting');
    attemptKey.current ??= newIdempotencyKey();
    const v = { ...values };
    for (const f of FIELD_ORDER) v[f] = values[f].trim();
    const body: CheckoutBody = {
      cartId: cart.id,
      ...(customer ? {} : { email: v.email }),
      shippingAddress: {
        name: v.name,
        line1: v.line1,
        line2: v.line2 || null,
        city: v.city,
        region: v.region ? v.region.toUpperCase() : null,
        postalCode: v.postalCode,
        country: v.country,
        phone: v.phone || null,
      },
      ...(shippingOptionIds.length ? { shippingOptionIds } : {}),
      paymentMethod: v.paymentMethod as CheckoutBody['paymentMethod'],
      ...(v.paymentMethod === 'card' ? { paymentToken: v.testCard } : {}),
    };
    let failure: Problem;
    try {
      const { data, error, response } = await browserApi.POST('/api/v1/checkout', {
        params: { header: { 'idempotency-key': attemptKey.current, ...(token ? { 'x-cart-token': token } : {}) } },
        body,
      });
      if (data) {
        attemptKey.current = null;
        const orderId = data.order.id;
        if (data.orderToken) rememberOrderToken(orderId, data.orderToken);
        const action = data.payment.status === 'requires_action' ? data.payment.nextAction : undefined;
        if (action) {
          // The bank's page is served by the API through this site's `/api` route; the cart stays
          // until the payment is approved (a refusal leaves it as it was).
          setPhase('redirecting');
          const target = new URL(action.url, window.location.origin);
          window.location.assign(`${target.pathname}${target.search}`);
          return;
        }
        forget();
        router.push(`/orders/${orderId}${data.orderToken ? `?token=${encodeURIComponent(data.orderToken)}` : ''}`);
        return;
      }
      failure = toProblem(error, response);
    } catch {
      failure = networkProblem();
    }
    if (!isRetryable(failure)) attemptKey.current = null;
    setProblem(checkoutProblemView(t, failure, titles));
    setPhase('idle');
    if (['insufficient_inventory', 'shipping_option_unavailable', 'coupon_rejected'].includes(failure.code)) {
      void reload();
    }
  }

  useEffect(() => {
    if (problem) problemRef.current?.focus();
  }, [problem]);

  if (!cart && status === 'loading') {
    return (
      <div aria-busy="true">
        <p role="status" className="visually-hidden">
          {t('page.loading')}
        </p>
        <div className={`skeleton ${styles.skeleton}`} aria-hidden="true" />
      </div>
    );
  }
  if (!cart && status === 'error') {
    return <CartLoadError message={t('page.loadError')} retry={t('page.retry')} onRetry={() => void reload()} />;
  }
  if (!cart || cart.items.length === 0) {
    return <EmptyCart message={t('page.empty')} link={t('page.continueShopping')} />;
  }

  const errorCount = FIELD_ORDER.filter((f) => errors[f]).length;
  const field = (name: CheckoutField, label: string, input: ReactNode, hint?: string) => (
    <div className="field">
      <label htmlFor={fieldId(name)}>{label}</label>
      {hint && (
        <span id={`${fieldId(name)}-hint`} className="hint">
          {hint}
        </span>
      )}
      {input}
      {errors[name] && (
        <span id={`${fieldId(name)}-error`} className="field-error">
          {t(errors[name])}
        </span>
      )}
    </div>
  );
  const describedBy = (name: CheckoutField, hint = false) =>
    [hint ? `${fieldId(name)}-hint` : '', errors[name] ? `${fieldId(name)}-error` : ''].filter(Boolean).join(' ') ||
    undefined;
  const text = (
    name: CheckoutField,
    label: string,
    props: {
      autoComplete: string;
      type?: string;
      required?: boolean;
      hint?: string;
      inputMode?: 'tel' | 'email';
      onBlur?: (value: string) => void;
    },
  ) =>
    field(
      name,
      label,
      <input
        id={fieldId(name)}
        name={name}
        type={props.type ?? 'text'}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        required={props.required}
        aria-required={props.required}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={describedBy(name, Boolean(props.hint))}
        value={values[name]}
        onChange={(e) => set(name, e.target.value)}
        onBlur={props.onBlur ? (e) => props.onBlur?.(e.target.value) : undefined}
      />,
      props.hint,
    );

  return (
    <form className={styles.layout} onSubmit={(e) => void submit(e)} noValidate>
      <div className={styles.main}>
        {showSummary && errorCount > 0 && (
          <div className="alert alert-error" role="alert">
            <p className={styles.summaryTitle}>{t('errors.summary', { count: errorCount })}</p>
            <ul>
              {FIELD_ORDER.filter((f) => errors[f]).map((f) => (
                <li key={f}>
                  <a href={`#${fieldId(f)}`}>{t(errors[f] ?? 'errors.generic')}</a>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div ref={problemRef} tabIndex={-1} role="alert" className={styles.problem}>
          {problem && (
            <div className="alert alert-error">
              <p>{problem.message}</p>
              {problem.items.length > 0 && (
                <ul>
                  {problem.items.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              )}
              {problem.hint && (
                <p>
                  {problem.hint} <Link href="/cart">{t('page.backToCart')}</Link>
                </p>
              )}
            </div>
          )}
        </div>

        <fieldset className={styles.section}>
          <legend>{t('contact.heading')}</legend>
          {customer ? (
            <p>{t('contact.signedInAs', { email: customer.email })}</p>
          ) : (
            text('email', t('contact.email'), {
              autoComplete: 'email',
              type: 'email',
              inputMode: 'email',
              required: true,
              hint: t('contact.emailHint'),
            })
          )}
        </fieldset>

        <fieldset className={styles.section}>
          <legend>{t('address.heading')}</legend>
          {addresses.length > 0 && (
            <div className="field">
              <label htmlFor={`${id}-saved`}>{t('address.saved')}</label>
              <select
                id={`${id}-saved`}
                defaultValue={(addresses.find((a) => a.isDefaultShipping) ?? addresses[0])?.id}
                onChange={(e) => {
                  const a = addresses.find((x) => x.id === e.target.value);
                  if (a) fillFrom(a);
                }}
              >
                {addresses.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.label ? `${a.label}: ` : ''}
                    {a.name}, {a.line1}, {a.city}
                  </option>
                ))}
                <option value="">{t('address.savedNone')}</option>
              </select>
            </div>
          )}
          {text('name', t('address.name'), { autoComplete: 'shipping name', required: true })}
          {text('line1', t('address.line1'), { autoComplete: 'shipping address-line1', required: true })}
          {text('line2', t('address.line2'), { autoComplete: 'shipping address-line2' })}
          <div className={styles.row}>
            {text('city', t('address.city'), { autoComplete: 'shipping address-level2', required: true })}
            {text('postalCode', t('address.postalCode'), { autoComplete: 'shipping postal-code', required: true })}
          </div>
          <div className={styles.row}>
            {text('region', t('address.region'), {
              autoComplete: 'shipping address-level1',
              hint: t('address.regionHint'),
              onBlur: commitRegion,
            })}
            {field(
              'country',
              t('address.country'),
              <select
                id={fieldId('country')}
                name="country"
                autoComplete="shipping country"
                required
                aria-required
                aria-invalid={errors.country ? true : undefined}
                aria-describedby={describedBy('country')}
                value={values.country}
                onChange={(e) => set('country', e.target.value)}
              >
                {countryOptions(uiLocale, values.country).map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </select>,
            )}
          </div>
          {text('phone', t('address.phone'), { autoComplete: 'shipping tel', type: 'tel', inputMode: 'tel' })}
          <p role="status" className="hint">
            {addressBusy ? t('address.updating') : ''}
          </p>
        </fieldset>

        <section className={styles.section} aria-labelledby={`${id}-shipping`}>
          <h2 id={`${id}-shipping`} className={styles.legend}>
            {t('shipping.heading')}
          </h2>
          {options.status === 'loading' ? (
            <p className="muted">{t('shipping.loading')}</p>
          ) : options.status === 'error' ? (
            <p className="field-error">{t('shipping.error')}</p>
          ) : (
            vendors.map(({ vendor }) => {
              const list = options.byVendor.get(vendor.id) ?? [];
              const selected = chosen[vendor.id] ?? list[0]?.id;
              return (
                <fieldset key={vendor.id} className={styles.radios}>
                  <legend>{t('shipping.vendor', { vendor: vendor.name })}</legend>
                  {list.length === 0 ? (
                    <p className="field-error">{t('shipping.none', { vendor: vendor.name })}</p>
                  ) : (
                    list.map((option) => (
                      <label key={option.id} className={styles.radio}>
                        <input
                          type="radio"
                          name={`shipping-${vendor.id}`}
                          value={option.id}
                          checked={selected === option.id}
                          onChange={() => {
                            attemptKey.current = null;
                            setChosen((c) => ({ ...c, [vendor.id]: option.id }));
                          }}
                        />
                        <span>
                          {t('shipping.option', {
                            name: option.name,
                            price:
                              option.price.amount === 0 ? t('shipping.free') : formatPrice(option.price, store.locale),
                          })}
                          <span className="muted">
                            {' '}
                            · {t('shipping.days', { min: option.estimatedDays.min, max: option.estimatedDays.max })}
                          </span>
                        </span>
                      </label>
                    ))
                  )}
                </fieldset>
              );
            })
          )}
        </section>

        <fieldset className={styles.section}>
          <legend>{t('payment.heading')}</legend>
          <fieldset
            className={styles.radios}
            aria-describedby={errors.paymentMethod ? `${fieldId('paymentMethod')}-error` : undefined}
          >
            <legend>{t('payment.method')}</legend>
            {store.paymentMethods.map((method, i) => (
              <label key={method} className={styles.radio}>
                <input
                  type="radio"
                  name="paymentMethod"
                  id={i === 0 ? fieldId('paymentMethod') : undefined}
                  value={method}
                  checked={values.paymentMethod === method}
                  onChange={() => set('paymentMethod', method)}
                />
                <span>{t(`payment.methods.${method}`)}</span>
              </label>
            ))}
            {errors.paymentMethod && (
              <span id={`${fieldId('paymentMethod')}-error`} className="field-error">
                {t(errors.paymentMethod)}
              </span>
            )}
          </fieldset>
          {values.paymentMethod === 'card' &&
            field(
              'testCard',
              t('payment.testCard'),
              <select
                id={fieldId('testCard')}
                name="testCard"
                aria-invalid={errors.testCard ? true : undefined}
                aria-describedby={describedBy('testCard', true)}
                value={values.testCard}
                onChange={(e) => set('testCard', e.target.value)}
              >
                {TEST_CARDS.map((card) => (
                  <option key={card} value={card}>
                    {t(`payment.cards.${card}`)}
                  </option>
                ))}
              </select>,
              t('payment.testCardHint'),
            )}
          {(values.paymentMethod === 'upi' || values.paymentMethod === 'netbanking') && (
            <p className="hint">{t('payment.redirectNote')}</p>
          )}
          {values.paymentMethod === 'cod' && <p className="hint">{t('payment.codNote')}</p>}
        </fieldset>
      </div>

      <aside className={styles.aside} aria-labelledby={`${id}-summary`}>
        <h2 id={`${id}-summary`} className={styles.legend}>
          {t('summary.heading')}
        </h2>
        {vendors.map(({ vendor, items }) => (
          <div key={vendor.id}>
            <h3 className={styles.vendor}>{vendor.name}</h3>
            <ul className={styles.items}>
              {items.map((item) => (
                <li key={item.id}>
                  <span>
                    {item.title}
                    {Object.values(item.options).length > 0 && (
                      <span className="muted"> · {Object.values(item.options).join(' / ')}</span>
                    )}
                    <span className="muted"> · {t('summary.quantity', { quantity: item.quantity })}</span>
                  </span>
                  <span className="price">{formatPrice(item.lineTotal, store.locale)}</span>
                </li>
              ))}
            </ul>
          </div>
        ))}
        <div aria-busy={quoting}>
          <TotalsList totals={totals ?? cart.totals} taxIncluded={cart.taxIncluded} locale={store.locale} />
        </div>
        <button type="submit" className="btn" disabled={phase !== 'idle'} aria-describedby={`${id}-phase`}>
          {t('submit')}
        </button>
        <p id={`${id}-phase`} role="status" className="hint">
          {phase === 'submitting' ? t('submitting') : phase === 'redirecting' ? t('redirecting') : ''}
        </p>
        <Link href="/cart">{t('page.backToCart')}</Link>
      </aside>
    </form>
  );
}
