// bun run org:create --template <vertical> --name <name> --phone <E.164> [--timezone <IANA>]
// Creates an organization from a vertical template and prints it as JSON.
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { loadConfig } from '../src/config.ts';
import { openDb } from '../src/db/client.ts';
import { createOrganization, DuplicatePhoneError } from '../src/orgs/create-org.ts';
import { resolveSettings } from '../src/templates/index.ts';

const { values } = parseArgs({
  options: {
    template: { type: 'string' },
    name: { type: 'string' },
    phone: { type: 'string' },
    timezone: { type: 'string' },
    settings: { type: 'string' },
  },
});

if (!values.template || !values.name || !values.phone) {
  process.stderr.write(
    'usage: bun run org:create --template <hvac|automotive|dental|salon> --name <name> --phone <E.164> [--timezone <IANA>] [--settings <json>]\n',
  );
  process.exit(2);
}

const config = loadConfig();
const db = await openDb({
  url: config.env.DATABASE_URL,
  ...(config.env.DATABASE_AUTH_TOKEN ? { authToken: config.env.DATABASE_AUTH_TOKEN } : {}),
});
try {
  const org = await createOrganization(db.db, {
    template: values.template,
    name: values.name,
    phoneNumber: values.phone,
    ...(values.timezone ? { timezone: values.timezone } : {}),
    ...(values.settings ? { settings: JSON.parse(values.settings) as Record<string, unknown> } : {}),
  });
  process.stdout.write(
    `${JSON.stringify({ ...org, resolvedSettings: resolveSettings(org.vertical, org.settings) }, null, 2)}\n`,
  );
} catch (e) {
  if (e instanceof ZodError) {
    process.stderr.write(
      `invalid organization: ${e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n`,
    );
    process.exit(2);
  }
  if (e instanceof DuplicatePhoneError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(3);
  }
  throw e;
} finally {
  db.close();
}
