/**
 * Messages to users. `queueNotification` renders a template in the recipient's locale and stores
 * the message (recipient and body encrypted) in the caller's transaction, then publishes
 * `notification.queued`; the delivery handler sends it when an email transport is configured and
 * otherwise marks it `stored`, where the store's admins (and tests) read it.
 */
import { and, eq } from 'drizzle-orm';
import type { TxContext } from '../../platform/context.js';
import { newId } from '../../platform/ids.js';
import type { EventBus } from '../../platform/outbox/bus.js';
import type { PiiCipher } from '../../platform/crypto/pii.js';
import { personalData, scopeOf } from './identity.secrets.js';
import { notifications } from './identity.tables.js';

export const NotificationEvents = { queued: 'notification.queued' } as const;

export type TemplateName =
  | 'email_verification'
  | 'password_reset'
  | 'invitation'
  | 'owner_welcome'
  | 'email_changed'
  | 'order_confirmed'
  | 'order_cancelled'
  | 'order_refunded'
  | 'order_shipped';

type Vars = Record<string, string>;
interface Template {
  subject: (v: Vars) => string;
  body: (v: Vars) => string;
  /** Carries a secret link: shown in listings only to those who may manage users. */
  sensitive: boolean;
}

const TEMPLATES: Record<TemplateName, Record<'en' | 'de', Template>> = {
  email_verification: {
    en: {
      subject: (v) => `Confirm your email for ${v.store}`,
      body: (v) =>
        `Hello${v.name ? ` ${v.name}` : ''},\n\nplease confirm your email address for ${v.store} by opening this link within 24 hours:\n${v.link}\n\nIf you did not create an account, ignore this message.`,
      sensitive: true,
    },
    de: {
      subject: (v) => `Bestätigen Sie Ihre E-Mail-Adresse für ${v.store}`,
      body: (v) =>
        `Hallo${v.name ? ` ${v.name}` : ''},\n\nbitte bestätigen Sie Ihre E-Mail-Adresse für ${v.store} innerhalb von 24 Stunden über diesen Link:\n${v.link}\n\nWenn Sie kein Konto angelegt haben, ignorieren Sie diese Nachricht.`,
      sensitive: true,
    },
  },
  password_reset: {
    en: {
      subject: (v) => `Reset your password for ${v.store}`,
      body: (v) =>
        `Someone asked to reset the password of your ${v.store} account. Open this link within 30 minutes to choose a new one:\n${v.link}\n\nIf it was not you, ignore this message: your password stays as it is.`,
      sensitive: true,
    },
    de: {
      subject: (v) => `Passwort für ${v.store} zurücksetzen`,
      body: (v) =>
        `Jemand möchte das Passwort Ihres Kontos bei ${v.store} zurücksetzen. Öffnen Sie innerhalb von 30 Minuten diesen Link, um ein neues zu wählen:\n${v.link}\n\nWaren Sie das nicht, ignorieren Sie diese Nachricht: Ihr Passwort bleibt unverändert.`,
      sensitive: true,
    },
  },
  invitation: {
    en: {
      subject: (v) => `You are invited to join ${v.store}`,
      body: (v) => `${v.inviter} invited you to help run ${v.store} as ${v.role}. Accept within 7 days:\n${v.link}`,
      sensitive: true,
    },
    de: {
      subject: (v) => `Einladung zu ${v.store}`,
      body: (v) =>
        `${v.inviter} hat Sie eingeladen, ${v.store} als ${v.role} mitzubetreuen. Nehmen Sie die Einladung innerhalb von 7 Tagen an:\n${v.link}`,
      sensitive: true,
    },
  },
  email_changed: {
    en: {
      subject: (v) => `The email of your ${v.store} account was changed`,
      body: (v) =>
        `Hello${v.name ? ` ${v.name}` : ''},\n\nthe email address of your ${v.store} account was just changed, and this address no longer signs in. If you did not do this, contact ${v.store} at once.`,
      sensitive: false,
    },
    de: {
      subject: (v) => `Die E-Mail-Adresse Ihres Kontos bei ${v.store} wurde geändert`,
      body: (v) =>
        `Hallo${v.name ? ` ${v.name}` : ''},\n\ndie E-Mail-Adresse Ihres Kontos bei ${v.store} wurde soeben geändert; mit dieser Adresse melden Sie sich nicht mehr an. Waren Sie das nicht, wenden Sie sich sofort an ${v.store}.`,
      sensitive: false,
    },
  },
  order_confirmed: {
    en: {
      subject: (v) => `Your order ${v.number} at ${v.store} is confirmed`,
      body: (v) =>
        `Thank you for your order ${v.number} at ${v.store}.\n\nTotal: ${v.total}\n\nWe will write again when it ships. Follow it here:\n${v.link}`,
      sensitive: false,
    },
    de: {
      subject: (v) => `Ihre Bestellung ${v.number} bei ${v.store} ist bestätigt`,
      body: (v) =>
        `Vielen Dank für Ihre Bestellung ${v.number} bei ${v.store}.\n\nGesamtbetrag: ${v.total}\n\nWir melden uns, sobald sie versandt wird. Hier verfolgen Sie sie:\n${v.link}`,
      sensitive: false,
    },
  },
  order_cancelled: {
    en: {
      subject: (v) => `Your order ${v.number} at ${v.store} was cancelled`,
      body: (v) =>
        `Your order ${v.number} at ${v.store} was cancelled${v.reason ? `: ${v.reason}` : '.'}\n\n${v.refund ? `${v.refund} will be returned to your payment method.` : 'You will not be charged.'}`,
      sensitive: false,
    },
    de: {
      subject: (v) => `Ihre Bestellung ${v.number} bei ${v.store} wurde storniert`,
      body: (v) =>
        `Ihre Bestellung ${v.number} bei ${v.store} wurde storniert${v.reason ? `: ${v.reason}` : '.'}\n\n${v.refund ? `${v.refund} werden Ihrem Zahlungsmittel gutgeschrieben.` : 'Ihnen wird nichts berechnet.'}`,
      sensitive: false,
    },
  },
  order_refunded: {
    en: {
      subject: (v) => `A refund for your order ${v.number} at ${v.store}`,
      body: (v) =>
        `${v.store} refunded ${v.amount} of your order ${v.number}${v.reason ? ` (${v.reason})` : ''}. It will reach your payment method within a few days.`,
      sensitive: false,
    },
    de: {
      subject: (v) => `Erstattung zu Ihrer Bestellung ${v.number} bei ${v.store}`,
      body: (v) =>
        `${v.store} hat ${v.amount} Ihrer Bestellung ${v.number} erstattet${v.reason ? ` (${v.reason})` : ''}. Der Betrag wird Ihrem Zahlungsmittel in einigen Tagen gutgeschrieben.`,
      sensitive: false,
    },
  },
  order_shipped: {
    en: {
      subject: (v) => `Your order ${v.number} from ${v.store} is on its way`,
      body: (v) =>
        `${v.vendor} shipped items of your order ${v.number} with ${v.carrier}, tracking number ${v.trackingNumber}.\n\nFollow your order here:\n${v.link}`,
      sensitive: false,
    },
    de: {
      subject: (v) => `Ihre Bestellung ${v.number} von ${v.store} ist unterwegs`,
      body: (v) =>
        `${v.vendor} hat Artikel Ihrer Bestellung ${v.number} mit ${v.carrier} versandt, Sendungsnummer ${v.trackingNumber}.\n\nHier verfolgen Sie Ihre Bestellung:\n${v.link}`,
      sensitive: false,
    },
  },
  owner_welcome: {
    en: {
      subject: (v) => `Your store ${v.store} is ready`,
      body: (v) => `Your store ${v.store} was created. Choose your password within 7 days:\n${v.link}`,
      sensitive: true,
    },
    de: {
      subject: (v) => `Ihr Shop ${v.store} ist bereit`,
      body: (v) => `Ihr Shop ${v.store} wurde angelegt. Wählen Sie innerhalb von 7 Tagen Ihr Passwort:\n${v.link}`,
      sensitive: true,
    },
  },
};

/** `de-DE` → `de`; anything without a template → English. */
export const templateLocale = (locale: string | null | undefined): 'en' | 'de' =>
  locale?.toLowerCase().startsWith('de') ? 'de' : 'en';

export interface NotificationRequest {
  recipientUserId: string | null;
  email: string;
  template: TemplateName;
  locale: string | null | undefined;
  vars: Vars;
}

export async function queueNotification(
  tx: TxContext,
  deps: { pii: PiiCipher; events: EventBus },
  req: NotificationRequest,
): Promise<string> {
  const locale = templateLocale(req.locale);
  const t = TEMPLATES[req.template][locale];
  const scope = scopeOf(tx.tenantId);
  const data = personalData(deps.pii, scope);
  const id = newId();
  await tx.tx.insert(notifications).values({
    tenantId: scope,
    id,
    recipientUserId: req.recipientUserId,
    recipientCiphertext: data.seal('recipient', req.email),
    template: req.template,
    locale,
    subject: t.subject(req.vars),
    bodyCiphertext: data.seal('body', t.body(req.vars)),
    sensitive: t.sensitive,
  });
  await deps.events.publish(tx, {
    type: NotificationEvents.queued,
    aggregateType: 'notification',
    aggregateId: id,
    payload: { id },
  });
  return id;
}

/**
 * Delivers queued messages. No email transport exists yet, so a message is kept as `stored`; an
 * SMTP transport plugs in here and sets `sent` or `failed`.
 */
export function registerNotificationDelivery(events: EventBus): void {
  events.subscribe<{ id: string }>(NotificationEvents.queued, 'identity.notifications.deliver', async (ctx, event) => {
    await ctx.tx
      .update(notifications)
      .set({ status: 'stored' })
      .where(and(eq(notifications.id, event.payload.id), eq(notifications.status, 'queued')));
  });
}
