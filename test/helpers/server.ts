// Starts the real server (in this process) on port 0 with a temp database, for end-to-end tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { createRuntime, type App } from '../../src/bootstrap.ts';
import type { RunningServer, ServerExtras } from '../../src/server.ts';
import { configureLog } from '../../src/log.ts';
import { createOrganization, type NewOrgInput } from '../../src/orgs/create-org.ts';
import type { Organization } from '../../src/db/schema.ts';

export interface TestServer {
  app: App;
  server: RunningServer;
  url: string;
  dir: string;
  createOrg(input?: Partial<NewOrgInput>): Promise<Organization>;
  close(): Promise<void>;
}

let phone = 100;

export async function startTestServer(env: Record<string, string> = {}, extras?: ServerExtras): Promise<TestServer> {
  configureLog({ level: 'error' });
  const dir = mkdtempSync(join(tmpdir(), 'infinioffice-test-'));
  const config = loadConfig({
    DATABASE_URL: `file:${join(dir, 'test.db')}`,
    REGION: 'test',
    LOG_LEVEL: 'error',
    PLAYOUT_TIME_SCALE: '1000',
    ...env,
  });
  const app = await createRuntime(config);
  const server = app.listen({ port: 0, hostname: '127.0.0.1' }, extras);
  return {
    app,
    server,
    url: server.url,
    dir,
    createOrg: (input = {}) =>
      createOrganization(app.rt.db.db, {
        template: 'hvac',
        name: 'Polar Air',
        phoneNumber: `+1512555${String(phone++).padStart(4, '0')}`,
        timezone: 'America/Chicago',
        ...input,
      }),
    async close() {
      await server.stop();
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
