// QR codes the server makes besides pay QRs: a pairing QR for a new device, the "join
// membership" code and its printable A6 counter card (PDF), and the customer's join endpoint
// that a join code leads to (kept thin: the member rules are the store's joinMember).
import { Router } from 'express';
import { z } from 'zod';
import { businessDayOf, formatFen, memberNameInputSchema, qrRef } from '@pos/shared';
import { randomBytes } from 'node:crypto';
import { joinMember } from '../members/member-commands';
import { counterCardPdf } from '../qr/counter-card';
import { qrPng, qrSvg } from '../qr/qr-image';
import type { Payments } from '../payments/payments';
import { reachableBaseUrl } from '../qr/reachable-url';
import { limitFailedAttempts } from './attempt-limit';
import { managerId, requireManager } from './auth';
import type { HttpDeps } from './deps';
import { HttpError, validate } from './errors';

/** A printed card works for a year; a pairing QR as long as its code (10 minutes). */
export const JOIN_CARD_TTL_MS = 365 * 24 * 60 * 60 * 1000;

const imageQuerySchema = z.object({ format: z.enum(['png', 'svg']).default('png') });
const customerJoinSchema = z.object({
  payload: z.string().min(1).max(64),
  phone: z.string().max(20),
  name: memberNameInputSchema.optional(),
});

export function qrRoutes({ store, pairingCodes, now }: HttpDeps, { qr }: Payments): Router {
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
    const qrText = `${reachableBaseUrl(request)}/pair?code=${code}&s=${signed}`;
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

  router.post(
    '/api/customer/join',
    limitFailedAttempts({ failures: 10, windowMs: 15 * 60_000, what: 'join' }),
    async (request, response) => {
      const body = validate(customerJoinSchema, request.body);
      const checked = qr.verify(body.payload, 'join-membership');
      if (!checked.ok)
        throw new HttpError(
          checked.error.code === 'qr_expired' ? 410 : 400,
          checked.error.code,
          checked.error.message,
        );
      const joined = await joinMember(store, {
        phone: body.phone,
        name: body.name,
        via: 'customer',
      });
      if (!joined.ok) throw new HttpError(400, joined.error.code, joined.error.message);
      const { member, created } = joined.value;
      // Nothing of an existing member's account goes to whoever typed their number.
      response.status(created ? 201 : 200).json({
        created,
        storeName: store.settings.storeName,
        member: created ? { id: member.id, name: member.name, level: member.level } : null,
      });
    },
  );

  return router;
}
