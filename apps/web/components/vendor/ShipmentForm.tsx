'use client';
import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { browserApi } from '../../lib/browser-api';
import { ProblemAlert, SubmitButton } from '../console/feedback';
import { Field } from '../console/fields';
import { useAction } from '../console/useAction';
import consoleStyles from '../console/console.module.css';
import {
  hasShipmentErrors,
  initialShipment,
  shipmentBody,
  shipmentErrors,
  shippableLines,
  unshippedOf,
} from './shipmentForm';
import type { ShipmentErrors, ShipmentValues } from './shipmentForm';
import { withFreshToken } from './freshToken';
import type { Shipment, SubOrder } from './types';
import styles from './vendor.module.css';

/** Problem codes of `POST …/shipments` with their own sentence in `vendor.ship.errors.*`. */
const CODES: Record<string, string> = {
  tracking_number_taken: 'trackingTaken',
  shipment_exceeds_unshipped: 'exceedsUnshipped',
  order_not_shippable: 'notShippable',
  nothing_to_ship: 'nothingToShip',
  unknown_line: 'unknownLine',
};

/** Carriers offered while typing; any other name may be entered. */
const CARRIERS = ['dhl', 'ups', 'fedex', 'usps', 'royal-mail', 'dpd', 'india-post', 'blue-dart'];

/**
 * A parcel of the sub-order (`POST /api/v1/vendor/orders/{id}/shipments`): carrier, tracking number
 * and the units in it, everything left to ship to start with.
 */
export function ShipmentForm({ order, onShipped }: { order: SubOrder; onShipped: (shipment: Shipment) => void }) {
  const t = useTranslations('vendor');
  const tc = useTranslations('console');
  const id = useId();
  const action = useAction();
  const [values, setValues] = useState<ShipmentValues>(() => initialShipment(order));
  const [errors, setErrors] = useState<ShipmentErrors>({ quantities: {} });
  const [code, setCode] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const lines = shippableLines(order);
  const ids = { carrier: `${id}-carrier`, tracking: `${id}-tracking`, qty: (lineId: string) => `${id}-qty-${lineId}` };

  const focus = (elementId: string) => formRef.current?.querySelector<HTMLElement>(`[id="${elementId}"]`)?.focus();

  /** The API's message for a line's quantity: its errors name the index in the body's `items`. */
  const apiQuantityError = (lineId: string): string | undefined => {
    const index = shipmentBody(order, values).items?.findIndex((i) => i.lineId === lineId) ?? -1;
    return index >= 0 ? action.fieldError(`items.${index}.quantity`) : undefined;
  };

  const carrierError = errors.carrier ? t(`ship.errors.${errors.carrier}`) : action.fieldError('carrier');
  const trackingError = errors.trackingNumber
    ? t(`ship.errors.${errors.trackingNumber}`)
    : code === 'tracking_number_taken'
      ? t('ship.errors.trackingTaken')
      : action.fieldError('trackingNumber');

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = shipmentErrors(order, values);
    setErrors(found);
    if (hasShipmentErrors(found)) {
      action.reset();
      setCode(null);
      const firstLine = lines.find((l) => found.quantities[l.id]);
      focus(
        found.carrier ? ids.carrier : found.trackingNumber ? ids.tracking : ids.qty((firstLine ?? lines[0])?.id ?? ''),
      );
      return;
    }
    const seen: { code: string | null } = { code: null };
    const shipment = await action.run(async () => {
      const answer = await withFreshToken(() =>
        browserApi.POST('/api/v1/vendor/orders/{id}/shipments', {
          params: { path: { id: order.id } },
          body: shipmentBody(order, values),
        }),
      );
      seen.code = (answer.error as { code?: string } | undefined)?.code ?? null;
      return answer;
    });
    setCode(seen.code);
    if (shipment) onShipped(shipment);
    else if (seen.code === 'tracking_number_taken') focus(ids.tracking);
  }

  const message =
    hasShipmentErrors(errors) || code === 'tracking_number_taken'
      ? tc('validation.summary')
      : code && code in CODES
        ? t(`ship.errors.${CODES[code]}`)
        : action.error;

  return (
    <form ref={formRef} noValidate onSubmit={(e) => void submit(e)}>
      <ProblemAlert message={message} />
      <div className={consoleStyles.grid2}>
        <Field
          id={ids.carrier}
          label={t('ship.carrier')}
          hint={t('ship.carrierHint')}
          list={`${id}-carriers`}
          value={values.carrier}
          onChange={(e) => {
            setValues((v) => ({ ...v, carrier: e.target.value }));
            setErrors((x) => ({ ...x, carrier: undefined }));
          }}
          error={carrierError}
          required
          maxLength={100}
          autoComplete="off"
        />
        <datalist id={`${id}-carriers`}>
          {CARRIERS.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        <Field
          id={ids.tracking}
          label={t('ship.trackingNumber')}
          value={values.trackingNumber}
          onChange={(e) => {
            setValues((v) => ({ ...v, trackingNumber: e.target.value }));
            setErrors((x) => ({ ...x, trackingNumber: undefined }));
            if (code === 'tracking_number_taken') setCode(null);
          }}
          error={trackingError}
          required
          maxLength={100}
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <div className={consoleStyles.tableWrap}>
        <table className={consoleStyles.table}>
          <caption className="visually-hidden">{t('ship.itemsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('order.product')}</th>
              <th scope="col">{t('order.sku')}</th>
              <th scope="col" className={consoleStyles.numeric}>
                {t('ship.left')}
              </th>
              <th scope="col">{t('ship.inParcel')}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => {
              const qtyId = ids.qty(line.id);
              const mine = errors.quantities[line.id];
              const error = mine ? t(`ship.errors.${mine}`, { max: unshippedOf(line) }) : apiQuantityError(line.id);
              return (
                <tr key={line.id}>
                  <td>
                    {line.title}
                    {Object.keys(line.options).length > 0 && (
                      <span className={styles.lineOptions}>
                        {Object.entries(line.options)
                          .map(([k, v]) => `${k}: ${v}`)
                          .join(', ')}
                      </span>
                    )}
                  </td>
                  <td className={styles.code}>{line.sku}</td>
                  <td className={consoleStyles.numeric}>{unshippedOf(line)}</td>
                  <td>
                    <label htmlFor={qtyId} className="visually-hidden">
                      {t('ship.quantityOf', { title: line.title, sku: line.sku })}
                    </label>
                    <input
                      id={qtyId}
                      className={`input ${styles.qty}`}
                      type="number"
                      inputMode="numeric"
                      min={0}
                      max={unshippedOf(line)}
                      step={1}
                      value={values.quantities[line.id] ?? ''}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? `${qtyId}-error` : undefined}
                      onChange={(e) => {
                        const value = e.target.value;
                        setValues((v) => ({ ...v, quantities: { ...v.quantities, [line.id]: value } }));
                        setErrors((x) => {
                          const quantities = { ...x.quantities };
                          delete quantities[line.id];
                          return { ...x, quantities, items: undefined };
                        });
                      }}
                    />
                    {error && (
                      <p id={`${qtyId}-error`} className="field-error">
                        {error}
                      </p>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {errors.items && (
        <p className="field-error" role="alert">
          {t(`ship.errors.${errors.items}`)}
        </p>
      )}
      <p className={styles.buttons}>
        <SubmitButton pending={action.pending}>{t('ship.submit')}</SubmitButton>
      </p>
    </form>
  );
}
