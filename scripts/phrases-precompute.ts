// bun run phrases:precompute [--org <id>]
// Synthesizes every fixed phrase of each organization (or one) with the configured TTS and stores
// the audio in the database, so servers start warm.
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../src/config.ts';
import { createRuntime } from '../src/bootstrap.ts';
import { organizations } from '../src/db/schema.ts';

const { values } = parseArgs({ options: { org: { type: 'string' } } });
const app = await createRuntime(loadConfig(), { precomputePhrases: false });
try {
  const db = app.rt.db.db;
  const orgs = values.org
    ? await db.select().from(organizations).where(eq(organizations.id, values.org))
    : await db.select().from(organizations);
  if (orgs.length === 0)
    process.stderr.write(
      values.org ? `no organization ${values.org}\n` : 'no organizations yet (bun run org:create …)\n',
    );
  for (const org of orgs) {
    const t = performance.now();
    const r = await app.rt.precomputeOrg(org);
    process.stdout.write(
      `${org.name} (${org.id}): ${r.synthesized} synthesized, ${r.alreadyCached} already cached, ${r.failed} failed in ${Math.round(performance.now() - t)} ms\n`,
    );
  }
  process.stdout.write(
    `cache: ${app.rt.phraseCache.entries} phrases, ${(app.rt.phraseCache.sizeBytes / 1024).toFixed(0)} KiB\n`,
  );
} finally {
  await app.close();
}
