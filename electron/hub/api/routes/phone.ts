/**
 * The ticket on the citizen's phone (../../phoneTicket.ts): public endpoints under the ticket's
 * signed token, reached from the building's visitor Wi-Fi with no device token and no login. The
 * token is the only credential, and it opens one ticket: its view, its live changes, its survey
 * and a complaint about its service. Any token that is not a live one of this hub answers exactly
 * what an unknown path answers (NOT_FOUND), so nothing can be learnt by changing it.
 *
 * Each endpoint has its own per-address limit, well below the hub's global one: a phone reads its
 * view when the page opens and then listens to its stream; it writes at most a survey and a
 * complaint or two.
 */
import { z } from 'zod';
import { ComplaintInput, ComplaintReceipt } from '../../../../shared/complaints.js';
import { PhoneTicketView, PhoneToken } from '../../../../shared/phoneTicket.js';
import { SurveyAnswerRequest, SurveyAnswerResponse, SurveyGrant } from '../../../../shared/survey.js';
import type { Ticket } from '../../../../shared/ticket.js';
import type { HubCore } from '../../core.js';
import { HubError } from '../../hubError.js';
import { route, type RouteSpec } from '../route.js';

export type PhoneRouteDeps = Pick<HubCore, 'phone'>;

/** A path that does not match the pattern is refused like a wrong mac: the same 404. */
const TokenParam = z.object({ token: z.string().max(64) });

/** The survey's answers as POST /api/survey takes them, less the ticket (the token's) and with the grant optional. */
const [fullForm, shortForm] = SurveyAnswerRequest.options;
export const PhoneSurveyRequest = z.discriminatedUnion('form', [
  fullForm.omit({ ticketId: true, grant: true }).extend({ grant: SurveyGrant.optional() }),
  shortForm.omit({ ticketId: true, grant: true }).extend({ grant: SurveyGrant.optional() }),
]);

/** Keep-alive comments keep proxies and the hub's idle timeout (60 s) from closing a quiet stream. */
export const KEEP_ALIVE_MS = 25_000;
/** Streams open at once: per address (a phone, a few tabs) and in all (the hall's phones, within the 1500 connections the hub keeps for unpaired addresses: connectionGuard.ts). */
const STREAMS_PER_ADDRESS = 4;
const STREAMS_TOTAL = 1000;

const PER_MINUTE = (max: number) => ({ max, timeWindow: '1 minute' });

export function phoneRoutes(deps: PhoneRouteDeps, opts: { keepAliveMs?: number } = {}): RouteSpec<unknown, unknown, unknown>[] {
  const { phone } = deps;
  const keepAliveMs = opts.keepAliveMs ?? KEEP_ALIVE_MS;
  const open = new Map<string, number>();
  let total = 0;

  const ticketOf = (token: string): Ticket => {
    const t = PhoneToken.safeParse(token).success ? phone.ticketOf(token) : null;
    if (!t) throw new HubError('NOT_FOUND');
    return t;
  };

  const specs = [
    route({
      method: 'GET',
      url: '/api/phone/:token',
      summary: "A ticket's phone view: number, service, place, people ahead, estimate, call, survey (public, by the ticket's signed token)",
      tag: 'phone',
      auth: { kind: 'none' },
      params: TokenParam,
      response: PhoneTicketView,
      rateLimit: PER_MINUTE(60),
      handler: ({ params, reply }) => {
        reply.header('cache-control', 'no-store');
        return phone.view(ticketOf(params.token));
      },
    }),
    route({
      method: 'GET',
      url: '/api/phone/:token/stream',
      summary: "Server-Sent Events: the ticket's phone view again whenever it changes, a keep-alive comment every 25 s",
      tag: 'phone',
      auth: { kind: 'none' },
      params: TokenParam,
      files: ['text/event-stream'],
      rateLimit: PER_MINUTE(30),
      handler: ({ params, req, reply }) => {
        const t = ticketOf(params.token);
        const address = req.socket.remoteAddress ?? '';
        const mine = open.get(address) ?? 0;
        if (mine >= STREAMS_PER_ADDRESS || total >= STREAMS_TOTAL) throw new HubError('RATE_LIMITED');
        open.set(address, mine + 1);
        total += 1;
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          // A buffering proxy in front of the hub (publicBaseUrl) must pass each event at once.
          'x-accel-buffering': 'no',
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
        });
        // The browser reconnects by itself after this long when the Wi-Fi drops.
        res.write('retry: 2000\n\n');
        let closed = false;
        // Declared before the watch starts: it may end at once (the day ended this very moment).
        let watch: { stop(): void } | null = null;
        let keepAlive: ReturnType<typeof setInterval> | undefined;
        const close = () => {
          if (closed) return;
          closed = true;
          watch?.stop();
          clearInterval(keepAlive);
          total -= 1;
          const left = (open.get(address) ?? 1) - 1;
          if (left > 0) open.set(address, left);
          else open.delete(address);
          res.end();
        };
        watch = phone.watch(
          t.id,
          (v) => res.write(`data: ${JSON.stringify(v)}\n\n`),
          (why) => {
            // The link expired (the day is over): the page shows it and stops reconnecting. The
            // ticket can change no more: the page keeps its last view and stops listening. The hub
            // stopping just ends the stream: the page reconnects when it is back.
            if (why === 'expired') res.write('event: gone\ndata: {}\n\n');
            if (why === 'final') res.write('event: final\ndata: {}\n\n');
            close();
          },
        );
        if (!closed) keepAlive = setInterval(() => res.write(': keep-alive\n\n'), keepAliveMs);
        req.raw.on('close', close);
        res.on('error', close);
        return undefined;
      },
    }),
    route({
      method: 'POST',
      url: '/api/phone/:token/survey',
      summary: 'The survey of exactly this ticket (channel qr): once it is finished, within the survey window, once',
      tag: 'phone',
      auth: { kind: 'none' },
      params: TokenParam,
      body: PhoneSurveyRequest,
      response: SurveyAnswerResponse,
      status: 201,
      rateLimit: PER_MINUTE(10),
      handler: ({ params, body }) => phone.answerSurvey(ticketOf(params.token), body),
    }),
    route({
      method: 'POST',
      url: '/api/phone/:token/complaints',
      summary: "A complaint (pengaduan) from the ticket's phone page, about its agency and service",
      tag: 'phone',
      auth: { kind: 'none' },
      params: TokenParam,
      body: ComplaintInput,
      response: ComplaintReceipt,
      status: 201,
      rateLimit: PER_MINUTE(5),
      handler: ({ params, body }) => phone.fileComplaint(ticketOf(params.token), body),
    }),
  ];
  return specs as RouteSpec<unknown, unknown, unknown>[];
}
