// Organizations: create from a template, read, edit settings, disable; API keys per org.
import { Hono } from 'hono';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { auditEvents, organizations, type Organization } from '../../db/schema.ts';
import { createOrganization, DuplicatePhoneError, E164, isIanaTimeZone } from '../../orgs/create-org.ts';
import { VERTICALS, isVertical, resolveSettings } from '../../templates/index.ts';
import { adminFieldChanges, type AdminFieldState, type FieldChange } from '../admin-fields.ts';
import { auditRow } from '../audit.ts';
import { canSee, requireAdmin, type ApiEnv, type Principal } from '../auth.ts';
import type { ResolvedDeps } from '../deps.ts';
import { ApiError, forbidden, notFound } from '../errors.ts';
import { issueKey, listKeys, revokeKey, type KeyAudit } from '../keys.ts';
import { orgJson } from '../serialize.ts';
import { BusinessHoursPatch, FaqEntry, Service, SettingsPatch, Voice, mergeSettings } from '../settings-schema.ts';
import { iso } from '../time-query.ts';
import { jsonBody } from '../validate.ts';

const TimeZone = z.string().refine(isIanaTimeZone, 'must be an IANA time zone like America/Chicago');

export const CreateOrgBody = z
  .object({
    template: z.string().refine(isVertical, `must be one of ${VERTICALS.join(', ')}`),
    name: z.string().trim().min(1).max(120),
    phoneNumber: E164,
    timezone: TimeZone,
    settings: SettingsPatch.optional(),
  })
  .strict();

export const PatchOrgBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    phoneNumber: E164,
    timezone: TimeZone,
    settings: SettingsPatch,
    hours: BusinessHoursPatch,
    services: z.array(Service).min(1).max(60),
    faq: z.array(FaqEntry).max(100),
    voice: Voice,
  })
  .strict()
  .partial();

export const CreateKeyBody = z.object({ name: z.string().trim().min(1).max(80).default('api key') }).strict();

const duplicatePhone = (phone: string) =>
  new ApiError(409, 'conflict', `phone number ${phone} already belongs to an organization`);

function isUniqueViolation(e: unknown): boolean {
  for (let x: unknown = e; x instanceof Error; x = x.cause)
    if (/UNIQUE constraint failed/i.test(x.message)) return true;
  return false;
}

export function orgRoutes(deps: ResolvedDeps): Hono<ApiEnv> {
  const { db } = deps;
  const app = new Hono<ApiEnv>();

  /** The org if this key may see it; 404 otherwise so other orgs' ids are not confirmed. */
  async function visibleOrg(p: Principal, id: string): Promise<Organization> {
    if (!canSee(p, id)) throw notFound('organization');
    const [org] = await db.select().from(organizations).where(eq(organizations.id, id)).limit(1);
    if (!org) throw notFound('organization');
    // Also refused at authentication; checked here so no org route depends on that alone.
    if (p.kind === 'org' && org.disabledAt !== null) throw forbidden('the organization of this API key is disabled');
    return org;
  }

  app.post('/orgs', async (c) => {
    requireAdmin(c.var.principal);
    const body = await jsonBody(c, CreateOrgBody);
    let org: Organization;
    try {
      org = await createOrganization(db, { ...body, settings: body.settings ?? {} });
    } catch (e) {
      if (e instanceof DuplicatePhoneError || isUniqueViolation(e)) throw duplicatePhone(body.phoneNumber);
      throw e;
    }
    deps.onOrgChanged?.(org.id);
    return c.json(orgJson(org), 201);
  });

  app.get('/orgs', async (c) => {
    const p = c.var.principal;
    const rows =
      p.kind === 'admin'
        ? await db.select().from(organizations).orderBy(organizations.name, organizations.id)
        : await db.select().from(organizations).where(eq(organizations.id, p.orgId));
    return c.json({ data: rows.map(orgJson) });
  });

  app.get('/orgs/:id', async (c) => c.json(orgJson(await visibleOrg(c.var.principal, c.req.param('id')))));

  app.patch('/orgs/:id', async (c) => {
    const p = c.var.principal;
    const org = await visibleOrg(p, c.req.param('id'));
    const body = await jsonBody(c, PatchOrgBody);
    // Shortcut fields are settings too; they win over the same key inside `settings`.
    const patch: Record<string, unknown> = { ...(body.settings ?? {}) };
    if (body.hours) patch.businessHours = body.hours;
    if (body.services) patch.services = body.services;
    if (body.faq) patch.faq = body.faq;
    if (body.voice) patch.voice = body.voice;
    const now = deps.clock.now();
    const update: Partial<typeof organizations.$inferInsert> = { updatedAt: new Date(now) };
    if (body.name !== undefined) update.name = body.name;
    if (body.timezone !== undefined) update.timezone = body.timezone;
    if (body.phoneNumber !== undefined && body.phoneNumber !== org.phoneNumber) update.phoneNumber = body.phoneNumber;
    if (Object.keys(patch).length > 0) update.settings = mergeSettings(org.settings, patch);
    const changes = adminFieldChanges(adminState(org), adminState({ ...org, ...update }));
    if (changes.length > 0 && p.kind !== 'admin') throw adminOnly(changes);
    let updated: Organization | undefined;
    try {
      const write = db.update(organizations).set(update).where(eq(organizations.id, org.id)).returning();
      if (changes.length === 0) [updated] = await write;
      else {
        const rows = changes.map((ch) => auditRow(p, org.id, 'org.field_changed', now, ch));
        const audit = db.insert(auditEvents).values(rows);
        [[updated]] = await db.batch([write, audit]);
      }
    } catch (e) {
      if (isUniqueViolation(e) && update.phoneNumber) throw duplicatePhone(update.phoneNumber);
      throw e;
    }
    deps.onOrgChanged?.(org.id);
    return c.json(orgJson(updated ?? org));
  });

  // Disable and enable are idempotent; only a real change is written and audited.
  async function setDisabled(p: Principal, id: string, disable: boolean): Promise<Organization> {
    requireAdmin(p);
    const org = await visibleOrg(p, id);
    if ((org.disabledAt !== null) === disable) return org;
    const now = deps.clock.now();
    const disabledAt = disable ? new Date(now) : null;
    const change = { field: 'disabledAt', from: iso(org.disabledAt), to: iso(disabledAt) };
    const write = db
      .update(organizations)
      .set({ disabledAt, updatedAt: new Date(now) })
      .where(eq(organizations.id, org.id))
      .returning();
    const action = disable ? 'org.disabled' : 'org.enabled';
    const audit = db.insert(auditEvents).values(auditRow(p, org.id, action, now, change));
    const [[updated]] = await db.batch([write, audit]);
    deps.onOrgChanged?.(org.id);
    return updated ?? org;
  }
  app.post('/orgs/:id/disable', async (c) => {
    return c.json(orgJson(await setDisabled(c.var.principal, c.req.param('id'), true)));
  });
  app.post('/orgs/:id/enable', async (c) => {
    return c.json(orgJson(await setDisabled(c.var.principal, c.req.param('id'), false)));
  });

  // Only the admin mints keys: a leaked org key must not be able to mint a successor that outlives
  // its revocation. An org key may list and revoke its own org's keys; every change is audited.
  app.post('/orgs/:id/keys', async (c) => {
    const p = c.var.principal;
    const org = await visibleOrg(p, c.req.param('id'));
    requireAdmin(p);
    const raw = await c.req.text();
    const body = CreateKeyBody.parse(raw.trim() === '' ? {} : parseJson(raw));
    const now = deps.clock.now();
    const audit: KeyAudit = (k) => auditRow(p, org.id, 'key.issued', now, { field: 'apiKey', from: null, to: k });
    const issued = await issueKey(db, org.id, body.name, now, audit);
    return c.json({ ...issued, orgId: org.id }, 201);
  });

  app.get('/orgs/:id/keys', async (c) => {
    const org = await visibleOrg(c.var.principal, c.req.param('id'));
    return c.json({ data: await listKeys(db, org.id) });
  });

  app.delete('/orgs/:id/keys/:keyId', async (c) => {
    const p = c.var.principal;
    const org = await visibleOrg(p, c.req.param('id'));
    const now = deps.clock.now();
    const audit: KeyAudit = (k) => auditRow(p, org.id, 'key.revoked', now, { field: 'apiKey', from: k, to: null });
    const ok = await revokeKey(db, org.id, c.req.param('keyId'), now, audit);
    if (!ok) throw notFound('API key');
    return c.json({ id: c.req.param('keyId'), revoked: true });
  });

  return app;
}

function adminState(o: Organization): AdminFieldState {
  return { phoneNumber: o.phoneNumber, settings: resolveSettings(o.vertical, o.settings) };
}

function adminOnly(changes: FieldChange[]): ApiError {
  const fields = changes.map((ch) => ch.field);
  return new ApiError(
    403,
    'forbidden',
    `only the admin key may change ${fields.join(', ')}`,
    fields.map((path) => ({ path, code: 'admin_only', message: 'only the admin key may change this' })),
  );
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new ApiError(400, 'invalid_json', 'request body must be a JSON object');
  }
}
