// The OpenAPI 3.1 document for /api: request schemas come from the same zod schemas the routes
// validate with, so the document cannot drift from what the server accepts.
import { z } from 'zod';
import { AuditQuery } from './routes/audit.ts';
import { BookingsQuery } from './routes/bookings.ts';
import { CallsQuery } from './routes/calls.ts';
import { KpisQuery } from './routes/kpis.ts';
import { NotificationsQuery } from './routes/notifications.ts';
import { CreateKeyBody, CreateOrgBody, PatchOrgBody } from './routes/orgs.ts';

type Json = Record<string, unknown>;

function schemaOf(s: z.ZodType): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
}

function queryParams(obj: z.ZodObject): Json[] {
  return Object.entries(obj.shape).map(([name, field]) => ({
    name,
    in: 'query',
    required: !(field as z.ZodType).safeParse(undefined).success,
    schema: schemaOf(field as z.ZodType),
  }));
}

const pathParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json) => ({ content: { 'application/json': { schema } } });
const ok = (description: string, schema: Json = { type: 'object' }) => ({ description, ...json(schema) });
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: ERROR_TEXT[c] ?? 'error', ...json(ref('Error')) }]));
const ERROR_TEXT: Record<number, string> = {
  400: 'validation failed (details lists zod issues: path, code, message)',
  401: 'missing, invalid or revoked API key',
  403:
    "the key may not do this: an admin-only action or field (details name the fields), another organization's data, " +
    "or the key's organization is disabled",
  404: 'not found, or not visible to this key',
  409: 'conflict (duplicate phone number, or an impossible status change)',
  501: 'no phrase cache configured',
};
const pageOf = (item: string) => ({
  type: 'object',
  required: ['data', 'nextCursor'],
  properties: {
    data: { type: 'array', items: ref(item) },
    nextCursor: { type: ['string', 'null'], description: 'pass as ?cursor= for the next page; null on the last page' },
  },
});

export function buildOpenApi(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'InfiniOffice operator API',
      version: '1.0.0',
      description:
        'Organizations, calls, bookings, notifications and KPIs. Authenticate with `Authorization: Bearer <key>`: ' +
        'the admin key sees every organization; an organization key sees only its own, and nothing while its ' +
        'organization is disabled (403). Only the admin key creates, disables or enables organizations, changes an ' +
        "organization's phoneNumber, settings.flags.hipaaMode or settings.retentionDays, and reads the audit trail; " +
        'those changes, key issue and key revocation are audited. Lists are newest first with keyset cursors. ' +
        'Every response carries Cache-Control: no-store and X-Content-Type-Options: nosniff.',
    },
    servers: [{ url: '/api' }],
    security: [{ bearer: [] }],
    paths: {
      '/orgs': {
        post: {
          summary: 'Create an organization from a vertical template (admin)',
          requestBody: { required: true, ...json(schemaOf(CreateOrgBody)) },
          responses: { '201': ok('created', ref('Organization')), ...errors(400, 401, 403, 409) },
        },
        get: {
          summary: 'List organizations (an org key sees only its own)',
          responses: {
            '200': ok('organizations', {
              type: 'object',
              properties: { data: { type: 'array', items: ref('Organization') } },
            }),
            ...errors(401),
          },
        },
      },
      '/orgs/{id}': {
        parameters: [pathParam('id')],
        get: {
          summary: 'One organization with resolved settings (calendar secrets hidden)',
          responses: { '200': ok('organization', ref('Organization')), ...errors(401, 404) },
        },
        patch: {
          summary: 'Edit name, phone, time zone or settings (hours, services, FAQ, voice shortcuts)',
          description:
            'phoneNumber, settings.flags.hipaaMode and settings.retentionDays are admin-only: an organization key ' +
            'that would change any of them gets 403 and nothing is written (resending the current value is fine). ' +
            'Admin changes to them are audited.',
          requestBody: { required: true, ...json(schemaOf(PatchOrgBody)) },
          responses: { '200': ok('updated', ref('Organization')), ...errors(400, 401, 403, 404, 409) },
        },
      },
      '/orgs/{id}/disable': {
        parameters: [pathParam('id')],
        post: {
          summary: 'Stop answering calls for this organization (admin)',
          responses: { '200': ok('disabled', ref('Organization')), ...errors(401, 403, 404) },
        },
      },
      '/orgs/{id}/enable': {
        parameters: [pathParam('id')],
        post: {
          summary: 'Answer calls again (admin)',
          responses: { '200': ok('enabled', ref('Organization')), ...errors(401, 403, 404) },
        },
      },
      '/orgs/{id}/google-calendar/connect': {
        parameters: [pathParam('id')],
        post: {
          summary:
            "A Google consent link for the org's calendar; after the owner approves, Google redirects to " +
            '/api/oauth/google/callback and the refresh token is stored in the settings (never shown again)',
          requestBody: {
            required: false,
            ...json({ type: 'object', properties: { calendarId: { type: 'string', default: 'primary' } } }),
          },
          responses: {
            '200': ok('consent link', {
              type: 'object',
              required: ['url', 'redirectUrl', 'expiresAt'],
              properties: {
                url: { type: 'string' },
                redirectUrl: { type: 'string' },
                expiresAt: { type: 'string', format: 'date-time' },
              },
            }),
            ...errors(400, 401, 403, 404, 409),
          },
        },
      },
      '/orgs/{id}/keys': {
        parameters: [pathParam('id')],
        post: {
          summary: 'Issue an organization API key (admin); the key is shown only in this response (audited)',
          requestBody: { required: false, ...json(schemaOf(CreateKeyBody)) },
          responses: {
            '201': ok('issued', {
              type: 'object',
              required: ['id', 'key', 'prefix'],
              properties: {
                id: { type: 'string' },
                key: { type: 'string' },
                prefix: { type: 'string' },
                name: { type: 'string' },
                orgId: { type: 'string' },
                createdAt: { type: 'string', format: 'date-time' },
              },
            }),
            ...errors(400, 401, 403, 404),
          },
        },
        get: {
          summary: "List the organization's keys, newest first, revoked ones included (never the secret)",
          responses: {
            '200': ok('keys', {
              type: 'object',
              properties: {
                data: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['id', 'name', 'prefix', 'createdAt', 'revokedAt'],
                    properties: {
                      id: { type: 'string' },
                      name: { type: 'string' },
                      prefix: { type: 'string' },
                      createdAt: { type: 'string', format: 'date-time' },
                      revokedAt: { type: ['string', 'null'], format: 'date-time' },
                    },
                  },
                },
              },
            }),
            ...errors(401, 403, 404),
          },
        },
      },
      '/orgs/{id}/keys/{keyId}': {
        parameters: [pathParam('id'), pathParam('keyId')],
        delete: {
          summary: 'Revoke a key (takes effect immediately; audited)',
          responses: { '200': ok('revoked'), ...errors(401, 403, 404) },
        },
      },
      '/orgs/{id}/audit': {
        parameters: [pathParam('id')],
        get: {
          summary: 'Audit trail of the organization, newest first (admin)',
          description:
            'Changes to phoneNumber, settings.flags.hipaaMode and settings.retentionDays, disable and enable, ' +
            'and API key issue and revocation: who (admin, or the acting key id), what, old → new, when.',
          parameters: queryParams(AuditQuery),
          responses: { '200': ok('page of audit events', pageOf('AuditEvent')), ...errors(400, 401, 403, 404) },
        },
      },
      '/orgs/{id}/phrases/rebuild': {
        parameters: [pathParam('id')],
        post: {
          summary: "Re-synthesize the organization's fixed phrases in the background; progress in /phrases/status",
          responses: { '202': ok('rebuild started, with the cache status at that moment'), ...errors(401, 404, 501) },
        },
      },
      '/phrases/status': {
        get: {
          summary: 'Phrase cache status',
          parameters: [{ name: 'orgId', in: 'query', required: false, schema: { type: 'string' } }],
          responses: { '200': ok('status'), ...errors(401, 403, 501) },
        },
      },
      '/calls': {
        get: {
          summary: 'Calls, newest first (startedAt desc, id desc)',
          parameters: queryParams(CallsQuery),
          responses: { '200': ok('page of calls', pageOf('Call')), ...errors(400, 401, 403) },
        },
      },
      '/calls/{id}': {
        parameters: [pathParam('id')],
        get: {
          summary: 'One call: transcript, turns with per-stage latency, cost breakdown, booking',
          responses: { '200': ok('call', ref('CallDetail')), ...errors(401, 404) },
        },
      },
      '/bookings': {
        get: {
          summary: 'Bookings, latest appointment first (appointmentTime desc, id desc)',
          parameters: queryParams(BookingsQuery),
          responses: { '200': ok('page of bookings', pageOf('Booking')), ...errors(400, 401, 403) },
        },
      },
      '/bookings/{id}': {
        parameters: [pathParam('id')],
        get: { summary: 'One booking', responses: { '200': ok('booking', ref('Booking')), ...errors(401, 404) } },
      },
      '/bookings/{id}/cancel': {
        parameters: [pathParam('id')],
        post: {
          summary: 'Cancel a booking (idempotent; a done booking cannot be cancelled)',
          responses: { '200': ok('cancelled', ref('Booking')), ...errors(401, 404, 409) },
        },
      },
      '/bookings/{id}/done': {
        parameters: [pathParam('id')],
        post: {
          summary: 'Mark a booking done (idempotent; a cancelled booking cannot be done)',
          responses: { '200': ok('done', ref('Booking')), ...errors(401, 404, 409) },
        },
      },
      '/notifications': {
        get: {
          summary: 'Notifications outbox, newest first',
          parameters: queryParams(NotificationsQuery),
          responses: { '200': ok('page of notifications', pageOf('Notification')), ...errors(400, 401, 403) },
        },
      },
      '/kpis': {
        get: {
          summary: 'Pilot KPIs and a per-day series',
          description:
            "callsHandled: calls answered (completed, failed, interrupted, in progress). failureRate: (failed + interrupted) / ended calls. bookingSuccessRate: booked / booking-eligible calls, where eligible = completed calls that booked or whose outcome was not answered, rescheduled or cancelled. Turn latency: caller's last audio → first audio out, average and nearest-rank p50/p95. costPerCall: mean cost of calls with a cost. Series days are in the organization's time zone (UTC across organizations). Default range: the 30 days before `to` (default now).",
          parameters: queryParams(KpisQuery),
          responses: { '200': ok('KPIs', ref('Kpis')), ...errors(400, 401, 403, 404) },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: {
                  type: 'string',
                  enum: [
                    'validation_failed',
                    'invalid_json',
                    'unauthorized',
                    'forbidden',
                    'not_found',
                    'conflict',
                    'not_implemented',
                    'internal',
                  ],
                },
                message: { type: 'string' },
                details: {},
              },
            },
          },
        },
        Organization: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            phoneNumber: { type: 'string' },
            timezone: { type: 'string' },
            template: { type: 'string', enum: ['hvac', 'automotive', 'dental', 'salon'] },
            disabled: { type: 'boolean' },
            disabledAt: { type: ['string', 'null'], format: 'date-time' },
            createdAt: { type: 'string', format: 'date-time' },
            updatedAt: { type: 'string', format: 'date-time' },
            settings: { type: 'object', description: 'resolved OrgSettings' },
          },
        },
        AuditEvent: {
          type: 'object',
          properties: {
            id: { type: 'integer' },
            orgId: { type: 'string' },
            actor: { type: 'string', enum: ['admin', 'key'] },
            actorKeyId: { type: ['string', 'null'], description: 'the acting API key when actor is key' },
            action: {
              type: 'string',
              enum: ['org.field_changed', 'org.disabled', 'org.enabled', 'key.issued', 'key.revoked'],
            },
            field: {
              type: ['string', 'null'],
              description: 'phoneNumber, settings.flags.hipaaMode, settings.retentionDays, disabledAt or apiKey',
            },
            from: { description: 'old value (for a key: id, prefix, name; never the key)' },
            to: { description: 'new value' },
            at: { type: 'string', format: 'date-time' },
          },
        },
        Call: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            orgId: { type: 'string' },
            callSid: { type: 'string' },
            callerPhone: { type: ['string', 'null'] },
            status: { type: 'string' },
            outcome: { type: ['string', 'null'] },
            region: { type: ['string', 'null'] },
            startedAt: { type: 'string', format: 'date-time' },
            endedAt: { type: ['string', 'null'], format: 'date-time' },
            durationSeconds: { type: ['number', 'null'] },
            bookingCreated: { type: 'boolean' },
            cost: { type: ['number', 'null'] },
            language: { type: 'string', enum: ['en', 'es'], description: 'the language the call ended in' },
          },
        },
        Turn: {
          type: 'object',
          properties: {
            index: { type: 'integer' },
            callerText: { type: ['string', 'null'] },
            assistantText: { type: ['string', 'null'] },
            latencyMs: { type: ['number', 'null'] },
            stages: {
              type: 'object',
              additionalProperties: { type: 'number' },
              description:
                "stage → ms after the caller's last audio (endpoint, nluDone, llmFirstToken, firstSentence, ttsFirstByte, firstFrameOut…)",
            },
            kind: { type: ['string', 'null'] },
            speculationHit: { type: 'boolean' },
            cacheHit: { type: 'boolean' },
            bargedIn: { type: 'boolean' },
          },
        },
        CallDetail: {
          allOf: [
            ref('Call'),
            {
              type: 'object',
              properties: {
                transcript: { type: ['string', 'null'] },
                usage: { type: ['object', 'null'] },
                costBreakdown: { type: ['object', 'null'] },
                turns: { type: 'array', items: ref('Turn') },
                booking: { oneOf: [ref('Booking'), { type: 'null' }] },
              },
            },
          ],
        },
        Booking: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            orgId: { type: 'string' },
            callId: { type: ['string', 'null'] },
            customerName: { type: 'string' },
            customerPhone: { type: ['string', 'null'] },
            serviceType: { type: 'string' },
            appointmentTime: { type: 'string', format: 'date-time' },
            durationMinutes: { type: 'integer' },
            status: { type: 'string', enum: ['confirmed', 'pending_sync', 'cancelled', 'rescheduled', 'done'] },
            details: { type: ['object', 'null'] },
          },
        },
        Notification: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            orgId: { type: ['string', 'null'] },
            channel: { type: 'string' },
            recipient: { type: 'string' },
            body: { type: 'string' },
            status: { type: 'string' },
            createdAt: { type: 'string', format: 'date-time' },
          },
        },
        Kpis: {
          type: 'object',
          description: 'see /kpis for definitions',
          properties: {
            callsTotal: { type: 'integer' },
            callsHandled: { type: 'integer' },
            bookingSuccessRate: { type: ['number', 'null'] },
            failureRate: { type: ['number', 'null'] },
            turnLatency: { type: 'object' },
            phraseCache: { type: 'object', description: 'turns whose first audio came from the phrase cache' },
            cost: { type: 'object' },
            uptime: { type: 'object' },
            targets: { type: 'object' },
            meetsTargets: { type: 'object' },
            series: { type: 'array', items: { type: 'object' } },
            byLanguage: {
              type: 'object',
              description: 'per call language: callsTotal, bookedCalls, bookingSuccessRate, turnLatency, phraseCache',
            },
          },
        },
      },
    },
  };
}
