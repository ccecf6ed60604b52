// QR codes the server makes besides pay QRs: a pairing QR for a new device, the "join
// membership" code and its printable A6 counter card (PDF), and the customer's join endpoint
// that a join code leads to (kept thin: the member rules are the store's joinMember), with the
// page its link opens in a customer's WeChat.
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { businessDayOf, formatFen, memberNameInputSchema, phoneSchema, qrRef } from '@pos/shared';
import { randomBytes } from 'node:crypto';
import { joinMember } from '../members/member-commands';
import { counterCardPdf } from '../qr/counter-card';
import { CUSTOMER_JOIN_PATH, joinPage } from '../qr/join-page';
import { qrPng, qrSvg } from '../qr/qr-image';
import type { Payments } from '../payments/payments';
import { deviceBaseUrl, reachableBaseUrl } from '../qr/reachable-url';
import { managerId, requireManager } from './auth';
import type { HttpDeps } from './deps';
import { HttpError, validate } from './errors';

/** A printed card works for a year; a pairing QR as long as its code (10 minutes). */
export const JOIN_CARD_TTL_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * Customer joins by the counter QR, counted whatever the answer (new member or not), per hour: a
 * few per address (a family joining on one phone), and a ceiling for the whole store, since a
 * phone can change its address. Each member goes to every till's storage (10 MB, no sale past
 * 95%): 60 an hour is at most about 15 KB (a member is 100-250 bytes), a slow growth the manager
 * sees in the day's member joins, where without it one phone added hundreds a second. Staff joins
 * (POST /api/members) are not counted: a customer refused here can join at the till.
 */
export const CUSTOMER_JOIN_LIMITS = { perAddress: 5, perStore: 60, windowMs: 60 * 60_000 };

const imageQuerySchema = z.object({ format: z.enum(['png', 'svg']).default('png') });
const customerJoinSchema = z.object({
  payload: z.string().min(1).max(64),
  phone: z.string().max(20),
  name: memberNameInputSchema.optional(),
});

export function qrRoutes({ store, pairingCodes, now, limits }: HttpDeps, { qr }: Payments): Router {
  const router = Router();

  /** The join code's text: a link whose last part is the signed payload (also a valid scene). */
  const joinCode = (baseUrl: string) => {
    const { text, payload } = qr.issue(
      'join-membership',
      qrRef(randomBytes(6), 6),
      JOIN_CARD_TTL_MS,
    );
    return { scene: text, qrText: `${baseUrl}/j/${text}`, expiresAt: payload.expiresAt };
  };

  router.post('/api/qr/pairing', requireManager, async (request, response) => {
    const { format } = validate(imageQuerySchema, request.query, 'query');
    const { code, expiresAt } = pairingCodes.issue(managerId(request));
    const signed = qr.issue('pair-device', code, expiresAt - now()).text;
    const qrText = `${deviceBaseUrl(request).url}/pair?code=${code}&s=${signed}`;
    const image =
      format === 'svg'
        ? `data:image/svg+xml;base64,${Buffer.from(await qrSvg(qrText)).toString('base64')}`
        : `data:image/png;base64,${(await qrPng(qrText)).toString('base64')}`;
    response.status(201).json({ code, expiresAt, qrText, image });
  });

  router.get('/api/qr/join', requireManager, async (request, response) => {
    const { format } = validate(imageQuerySchema, request.query, 'query');
    const code = joinCode(reachableBaseUrl(request));
    response.set('x-qr-text', code.qrText).set('cache-control', 'no-store');
    if (format === 'svg') response.type('image/svg+xml').send(await qrSvg(code.qrText));
    else response.type('image/png').send(await qrPng(code.qrText));
  });

  router.get('/api/qr/join-card.pdf', requireManager, (request, response) => {
    const code = joinCode(reachableBaseUrl(request));
    const until = businessDayOf(code.expiresAt, store.settings);
    const { pointsPerYuan } = store.settings;
    const pdf = counterCardPdf({
      storeName: store.settings.storeName,
      qrText: code.qrText,
      lines: ['微信扫码 加入会员', `会员价 · 每消费${formatFen(100)}积${pointsPerYuan}分 · 储值`],
      footer: `有效期至 ${until}`,
    });
    response
      .type('application/pdf')
      .set('content-disposition', 'inline; filename="join-card-a6.pdf"')
      .set('x-qr-text', code.qrText)
      .send(pdf);
  });

  // The join code's link, opened by the customer's WeChat itself: a page to join from, or why not.
  router.get('/j/:payload', (request, response) => {
    const payload = request.params.payload as string;
    const checked = qr.verify(payload, 'join-membership');
    response
      .status(checked.ok ? 200 : checked.error.code === 'qr_expired' ? 410 : 400)
      .type('html')
      .send(
        joinPage({
          storeName: store.settings.storeName,
          payload,
          refusal: checked.ok ? null : checked.error.code,
        }),
      );
  });

  // Checked before the join limits, so a mistyped number or a bad code uses none of the allowance
  // (the failure limit, first, counts those).
  const checkJoin: RequestHandler = (request, response, next) => {
    const body = validate(customerJoinSchema, request.body);
    const checked = qr.verify(body.payload, 'join-membership');
    if (!checked.ok)
      throw new HttpError(
        checked.error.code === 'qr_expired' ? 410 : 400,
        checked.error.code,
        checked.error.message,
      );
    if (!phoneSchema.safeParse(body.phone.trim()).success)
      throw new HttpError(
        400,
        'phone_invalid',
        `${body.phone} is not an 11-digit mainland mobile number`,
      );
    response.locals.join = body;
    next();
  };
  const { perAddress, perStore, windowMs } = CUSTOMER_JOIN_LIMITS;
  const joinLimit = (per: 'address' | 'store', requests: number, who: string) =>
    limits.requests({
      requests,
      windowMs,
      per,
      code: 'too_many_joins',
      message: `too many membership joins ${who}, at most ${requests} an hour: try again later, or join at the till`,
    });

  router.post(
    CUSTOMER_JOIN_PATH,
    limits.failedAttempts({ failures: 10, windowMs: 15 * 60_000, what: 'join' }),
    checkJoin,
    joinLimit('address', perAddress, 'from this address'),
    joinLimit('store', perStore, 'in the store'),
    async (_request, response) => {
      const body = response.locals.join as z.infer<typeof customerJoinSchema>;
      const joined = await joinMember(store, {
        phone: body.phone,
        name: body.name,
        via: 'customer',
      });
      if (!joined.ok) throw new HttpError(400, joined.error.code, joined.error.message);
      // One answer whether or not the phone was a member already (customerJoinAnswerSchema).
      response.status(201).json({ storeName: store.settings.storeName });
    },
  );

  return router;
}
