// An org's languages, the language its calls start in and a voice per language are settings an
// operator can change; anything else is refused.
import { afterEach, expect, test } from 'bun:test';
import { harness, newOrg, type Harness } from './harness.ts';

let t: Harness;
afterEach(() => t?.close());

test('languages, primaryLanguage and voices are accepted and stored; unknown languages are refused', async () => {
  t = await harness();
  const org = (await t.call('POST', '/orgs', { body: newOrg() })).body.id as string;
  const settings = { languages: ['en', 'es'], primaryLanguage: 'es', voices: { es: 'Pedro' } };
  const ok = await t.call('PATCH', `/orgs/${org}`, { body: { settings } });
  expect(ok.status).toBe(200);
  const stored = (await t.call('GET', `/orgs/${org}`)).body.settings;
  expect(stored.languages).toEqual(['en', 'es']);
  expect(stored.primaryLanguage).toBe('es');
  expect(stored.voices).toEqual({ es: 'Pedro' });
  for (const bad of [{ languages: ['fr'] }, { languages: ['es', 'es'] }, { languages: [] }, { voices: { fr: 'x' } }]) {
    const res = await t.call('PATCH', `/orgs/${org}`, { body: { settings: bad } });
    expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
  }
});
