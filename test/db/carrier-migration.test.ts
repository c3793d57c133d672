// Naming the carrier keeps every call row: a database migrated before carriers had names, with
// calls in it, comes out with each call's CallSid as its carrier call id and Twilio as its carrier.
import { afterAll, expect, test } from 'bun:test';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { eq } from 'drizzle-orm';
import { openDb } from '../../src/db/client.ts';
import { calls } from '../../src/db/schema.ts';
import { createOrganization } from '../../src/orgs/create-org.ts';

const dir = mkdtempSync(join(tmpdir(), 'infinioffice-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('calls answered before the carrier column existed become Twilio calls with their CallSid', async () => {
  // The migrations as they stood before: everything up to the carrier column.
  const before = join(dir, 'before');
  cpSync(join(import.meta.dir, '../../src/db/migrations'), before, { recursive: true });
  const journalPath = join(before, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ tag: string }> };
  const upTo = journal.entries.findIndex((e) => e.tag.endsWith('_carrier_call_id'));
  expect(upTo).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo) }));

  const url = `file:${join(dir, 'old.db')}`;
  const client = createClient({ url });
  await migrate(drizzle(client), { migrationsFolder: before });
  const org = await createOrganization(drizzle(client), {
    template: 'hvac',
    name: 'Polar Air',
    phoneNumber: '+15125550111',
    timezone: 'America/Chicago',
  });
  const sid = `CA${'b'.repeat(32)}`;
  await client.execute({
    sql: `insert into calls (id, org_id, call_sid, status, started_at) values ('old-call', ?, ?, 'completed', 0)`,
    args: [org.id, sid],
  });
  client.close();

  const handle = await openDb({ url }); // migrates to the current schema
  const [row] = await handle.db.select().from(calls).where(eq(calls.id, 'old-call'));
  expect(row).toMatchObject({ id: 'old-call', carrier: 'twilio', carrierCallId: sid, status: 'completed' });
  // The unique key is per carrier now: the same id from another carrier is another call.
  await handle.db.insert(calls).values({
    id: 'other-carrier',
    orgId: org.id,
    carrier: 'telnyx',
    carrierCallId: sid,
    status: 'ringing',
    startedAt: new Date(0),
  });
  const duplicate = { id: 'dup', orgId: org.id, carrier: 'twilio', carrierCallId: sid, status: 'ringing' as const };
  const again = await handle.db
    .insert(calls)
    .values({ ...duplicate, startedAt: new Date(0) })
    .then(
      () => 'inserted',
      () => 'refused',
    );
  expect(again).toBe('refused');
  handle.close();
});
