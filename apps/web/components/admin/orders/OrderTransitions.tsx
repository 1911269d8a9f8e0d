'use client';
/**
 * The moves an order may make from its status, as the API lists them (`allowedActions.transitions`),
 * for accounts holding `orders:manage`. Cancelling is confirmed, with a reason the shopper sees.
 */
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { browserApi } from '../../../lib/browser-api';
import { ConfirmAction } from '../../console/ConfirmAction';
import { useCan } from '../../console/ConsoleProvider';
import { consoleProblemText, problemOf } from '../../console/problems';
import type { AdminOrder, OrderStatus } from './types';

export function OrderTransitions({
  order,
  onChanged,
  onProblem,
}: {
  order: AdminOrder;
  /** After a move: reload the order and say what happened. */
  onChanged: (to: OrderStatus) => void;
  /** A move refused (or null to clear). */
  onProblem: (message: string | null) => void;
}) {
  const t = useTranslations('admin.transitions');
  const ts = useTranslations('admin.status');
  const tc = useTranslations('console');
  const allowed = useCan('orders:manage');
  const [pending, setPending] = useState(false);
  const moves = order.allowedActions.transitions ?? [];
  if (!allowed || moves.length === 0) return null;

  /** Moves the order; answers the problem sentence, or null when it moved. */
  async function move(to: OrderStatus, reason?: string): Promise<string | null> {
    onProblem(null);
    setPending(true);
    try {
      const { data, error, response } = await browserApi.POST('/api/v1/admin/orders/{id}/transitions', {
        params: { path: { id: order.id } },
        body: reason ? { to, reason } : { to },
      });
      if (!data) return consoleProblemText(tc, problemOf(error, response));
      onChanged(to);
      return null;
    } catch {
      return tc('errors.network_error');
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      {moves
        .filter((to) => to !== 'cancelled')
        .map((to) => (
          <button
            key={to}
            type="button"
            className="btn"
            disabled={pending}
            aria-busy={pending || undefined}
            onClick={() =>
              void move(to).then((problem) => {
                if (problem) onProblem(problem);
              })
            }
          >
            {t('markAs', { status: ts(`order.${to}`) })}
          </button>
        ))}
      {moves.includes('cancelled') && (
        <ConfirmAction
          label={t('cancel')}
          title={t('cancelTitle', { number: order.number })}
          body={<p>{t('cancelBody')}</p>}
          confirmLabel={t('cancelConfirm')}
          reason={t('cancelReason')}
          reasonMaxLength={500}
          danger
          disabled={pending}
          onConfirm={async (reason) => {
            const problem = await move('cancelled', reason);
            return problem ?? null;
          }}
        />
      )}
    </>
  );
}
