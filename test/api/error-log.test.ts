// A request that fails inside the server logs what failed, never the values the query carried.
import { afterEach, expect, test } from 'bun:test';
import { configureLog, createLogger, flushLog } from '../../src/log.ts';
import { harness, newOrg, type Harness } from './harness.ts';

let t: Harness;
afterEach(() => {
  t?.close();
  configureLog({ sink: process.env.TEST_LOGS === '1' ? (c) => process.stdout.write(c) : () => undefined });
});

test('a database failure is a bare 500 and its log line holds no bound parameter', async () => {
  const lines: string[] = [];
  configureLog({ sink: (c) => lines.push(c) });
  t = await harness({ log: createLogger() });
  const org = (await t.call('POST', '/orgs', { body: newOrg() })).body.id as string;
  // A real constraint failure inside the key insert, whose statement binds the key's name.
  await t.h.client.execute(
    "CREATE TRIGGER no_keys BEFORE INSERT ON api_keys BEGIN SELECT RAISE(ABORT, 'keys are frozen'); END",
  );
  const res = await t.call('POST', `/orgs/${org}/keys`, { body: { name: 'Dr Jane Roe +15125550142' } });
  expect(res.status).toBe(500);
  expect(JSON.stringify(res.body)).toBe('{"error":{"code":"internal","message":"internal error"}}');
  flushLog();
  const failed = lines
    .join('')
    .split('\n')
    .filter((l) => l.includes('api request failed'));
  expect(failed.length).toBe(1);
  expect(failed[0]).not.toContain('Jane');
  expect(failed[0]).not.toContain('5550142');
  expect(failed[0]).not.toContain('insert into');
  expect(JSON.stringify(JSON.parse(failed[0]!).error)).toContain('SQLITE_CONSTRAINT');
});
