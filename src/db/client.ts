// Database factory: one libSQL client per process, migrated on open. Never opened at import time.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import * as schema from './schema.ts';

export type Db = LibSQLDatabase<typeof schema>;
/** A transaction inside `Db.transaction`: the queries of a Db, without nesting batches. */
export type DbTx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Where a plain query can run: the database or an open transaction. */
export type Queryable = Db | DbTx;

export interface DbHandle {
  db: Db;
  client: Client;
  close(): void;
}

export interface OpenDbOptions {
  url: string;
  authToken?: string;
  /** Turns a local file into an embedded replica of a remote libSQL primary. */
  syncUrl?: string;
  syncIntervalSeconds?: number;
}

const MIGRATIONS = join(import.meta.dir, 'migrations');
const BUSY_TIMEOUT_MS = 5000;

export async function openDb(opts: OpenDbOptions): Promise<DbHandle> {
  if (opts.url.startsWith('file:') && opts.url !== 'file::memory:') {
    const path = opts.url.slice('file:'.length);
    if (path && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  }
  const local = opts.url.startsWith('file:') || opts.url === ':memory:';
  const client = createClient({
    url: opts.url,
    // Every pooled connection waits for another process's write lock (the PRAGMA below reaches only
    // the first connection): instances sharing one file would otherwise fail with SQLITE_BUSY.
    ...(local ? { timeout: BUSY_TIMEOUT_MS } : {}),
    ...(opts.authToken ? { authToken: opts.authToken } : {}),
    ...(opts.syncUrl ? { syncUrl: opts.syncUrl, syncInterval: opts.syncIntervalSeconds ?? 60 } : {}),
  });
  if (local) {
    // WAL lets the dashboard read while a flush writes; busy_timeout rides out a concurrent writer.
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    await client.execute('PRAGMA synchronous = NORMAL');
    await client.execute('PRAGMA foreign_keys = ON');
  }
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: MIGRATIONS });
  return { db, client, close: () => client.close() };
}
