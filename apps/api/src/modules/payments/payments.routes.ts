/**
 * Payment routes for third parties and browsers, none signed in: provider webhooks (the store is in
 * the path) and the test provider's action page (the store is in the signed link).
 */
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../../platform/context.js';
import { TenantSuspended, type TenantResolver } from '../../platform/http/context.js';
import { actionPageCsp, redirectTarget, renderActionPage } from './payments.action-page.js';
import { ActionTokenInvalid } from './payments.errors.js';
import {
  ActionBody,
  ActionParams,
  ActionQuery,
  HtmlPage,
  SeeOther,
  WebhookBody,
  WebhookParams,
  WebhookReceipt,
} from './payments.schemas.js';
import type { PaymentService } from './payments.service.js';
import type { ActionClaims } from './payments.signing.js';

const tags = ['payments'];
/** Provider events are small; Stripe's largest stay well under this. */
const WEBHOOK_BODY_LIMIT = 256 * 1024;
const FORM = 'application/x-www-form-urlencoded';

export const paymentRoutes: FastifyPluginAsyncTypebox<{ service: PaymentService; tenants: TenantResolver }> = async (
  app,
  { service, tenants },
) => {
  // -------------------------------------------------------------------------------- webhooks

  // Signatures cover the exact bytes received: this scope's JSON parser keeps them.
  const rawBodies = new WeakMap<FastifyRequest, Buffer>();
  await app.register(async (scope) => {
    // Fastify's own JSON parsing (prototype-poisoning checks, its 400s), given the bytes kept aside.
    const parseJson = scope.getDefaultJsonParser('error', 'error');
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
      (req, body, done) => {
        const raw = body as Buffer;
        rawBodies.set(req, raw);
        // The parser is typed as a promise-or-callback function; this one always calls back.
        void parseJson(req, raw.toString('utf8'), done);
      },
    );

    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/api/v1/payments/webhooks/:provider/:tenant',
      {
        bodyLimit: WEBHOOK_BODY_LIMIT,
        config: { tenant: 'path', idempotency: 'off', rateLimit: { max: 1200, timeWindow: 60_000 } },
        schema: {
          tags,
          summary: "A payment provider's event",
          description:
            'For the provider, not for clients. `stripe`: signed with `Stripe-Signature` (`STRIPE_WEBHOOK_SECRET`); `test`: signed with `Bazaar-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. A bad or missing signature, or one older than 5 minutes → 400 `webhook_signature_invalid`, and nothing changes. Deliveries are deduplicated by event id: a replay answers `duplicate: true` and changes nothing. An event older than the last applied one, or one that would move the payment backwards, is recorded and ignored; an event about a payment this store does not have is recorded and ignored (200). Unknown provider → 404 `payment_provider_not_found`.',
          security: [],
          params: WebhookParams,
          body: WebhookBody,
          response: { 200: WebhookReceipt },
        },
      },
      async (req) => {
        const raw = rawBodies.get(req) ?? Buffer.alloc(0);
        const result = await service.handleWebhook(req.ctx, req.params.provider, raw, req.headers);
        return { received: true as const, duplicate: result.duplicate };
      },
    );
  });

  // ------------------------------------------------------------------- test provider actions

  if (!app.hasContentTypeParser(FORM)) {
    app.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
  }

  /** The store the link was signed for; a suspended store answers nothing. */
  const contextOf = async (req: FastifyRequest, claims: ActionClaims): Promise<RequestContext> => {
    const tenant = await tenants.byRef(claims.tenantId);
    if (!tenant) throw new ActionTokenInvalid();
    if (tenant.status === 'suspended') throw new TenantSuspended();
    return { ...req.ctx, tenantId: tenant.id, tenant };
  };

  const actionPath = '/api/v1/payments/test/actions/:token';
  const description =
    "The test provider's stand-in for a bank's page (3-D Secure, UPI, net banking), reached through the `nextAction.url` of a payment. The link is signed and valid for 30 minutes; a forged or expired link → 400 `payment_action_invalid`.";

  app.get(
    actionPath,
    {
      config: { tenant: 'none' },
      schema: {
        tags,
        summary: 'The test provider’s action page',
        description: `${description} Shows the amount and Approve / Decline buttons.`,
        security: [],
        params: ActionParams,
        querystring: ActionQuery,
        response: { 200: HtmlPage },
      },
    },
    async (req, reply) => {
      const claims = service.verifyAction(req.params.token, req.query.returnUrl);
      const ctx = await contextOf(req, claims);
      const payment = await service.actionPayment(ctx, claims);
      const waiting = payment.status === 'requires_action' || payment.status === 'pending';
      const html = renderActionPage({
        kind: claims.kind,
        storeName: ctx.tenant?.name ?? '',
        amount: payment.amount,
        currency: payment.currency,
        locale: ctx.locale,
        settled: waiting ? null : payment.status.replace(/_/g, ' '),
        upiUri: payment.nextAction?.upiUri,
      });
      return reply
        .header('content-security-policy', actionPageCsp(req.query.returnUrl))
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(html);
    },
  );

  app.post(
    actionPath,
    {
      config: { tenant: 'none', idempotency: 'off' },
      schema: {
        tags,
        summary: 'Answer the test provider’s action page',
        description: `${description} The form's answer (\`decision=approve|decline\`, form-encoded) is delivered as a signed test webhook through the same handling as any provider's (approve → \`payment.authorized\`, decline → \`payment.failed\`), then the browser goes back to the return URL (303).`,
        security: [],
        params: ActionParams,
        querystring: ActionQuery,
        body: ActionBody,
        consumes: [FORM],
        response: { 303: SeeOther },
      },
    },
    async (req, reply) => {
      const claims = service.verifyAction(req.params.token, req.query.returnUrl);
      const ctx = await contextOf(req, claims);
      await service.submitAction(ctx, claims, req.body.decision);
      return reply.header('cache-control', 'no-store').redirect(redirectTarget(req.query.returnUrl), 303);
    },
  );
};
