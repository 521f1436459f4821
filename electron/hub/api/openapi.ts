/** The OpenAPI 3.0 document, derived from the same route declarations the hub serves. */
import { z } from 'zod';
import { ERRORS } from '../../../shared/errors.js';
import type { RouteSpec } from './route.js';

/** A request is described as it may be sent (defaults optional), an answer as it is sent. */
function schemaOf(s: z.ZodType | undefined, io: 'input' | 'output'): Record<string, unknown> | undefined {
  return s ? (z.toJSONSchema(s, { target: 'openapi-3.0', unrepresentable: 'any', io }) as Record<string, unknown>) : undefined;
}

const FILE = { type: 'string', format: 'binary' };

export function openApiDocument(specs: RouteSpec<unknown, unknown, unknown>[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const s of specs) {
    const path = s.url.replace(/:([a-zA-Z]+)/g, '{$1}');
    const security =
      s.auth.kind === 'none' ? [] : s.auth.session ? [{ deviceToken: [], officerSession: [] }] : [{ deviceToken: [] }];
    const params = [...s.url.matchAll(/:([a-zA-Z]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      // Ids are numbers; a few parameters name things (a voice clip's word, a media file, a report kind).
      schema: ['word', 'file', 'kind'].includes(m[1]!) ? { type: 'string' } : { type: 'integer', minimum: 1 },
    }));
    const body = schemaOf(s.body, 'input');
    const response = schemaOf(s.response, 'output');
    const content = {
      ...(response ? { 'application/json': { schema: response } } : {}),
      ...Object.fromEntries((s.files ?? []).map((type) => [type.split(';')[0]!, { schema: FILE }])),
    };
    paths[path] ??= {};
    paths[path][s.method.toLowerCase()] = {
      summary: s.summary,
      tags: [s.tag],
      security,
      ...(s.auth.kind === 'device' ? { 'x-antre-roles': s.auth.roles, 'x-antre-session': s.auth.session ?? null } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } } : {}),
      responses: {
        [String(s.status ?? 200)]: {
          description: 'OK',
          ...(Object.keys(content).length ? { content } : {}),
        },
        default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Antre hub LAN API',
      version,
      description:
        'The API every Antre screen uses. Device token: `Authorization: Bearer <token>` from POST /api/pair. ' +
        'Officer session: `X-Antre-Session: <sessionToken>` from POST /api/sessions. ' +
        'Live events: WebSocket /api/stream (see docs/API.md).',
    },
    paths,
    components: {
      securitySchemes: {
        deviceToken: { type: 'http', scheme: 'bearer' },
        officerSession: { type: 'apiKey', in: 'header', name: 'X-Antre-Session' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', enum: Object.keys(ERRORS) },
                message: {
                  type: 'object',
                  properties: { id: { type: 'string' }, en: { type: 'string' } },
                  required: ['id', 'en'],
                },
                details: {},
              },
            },
          },
        },
      },
    },
  };
}
