// Batched writes off the audio path. A live call only appends a closure here (no await, no I/O);
// a timer flushes the batch in one transaction. When the database refuses (disk full, locked,
// unreachable) nothing is dropped: the batch stays queued and is retried with backoff.
import type { Db } from './client.ts';
import { log as rootLog, type Logger } from '../log.ts';

export type WriteOp = (tx: Db) => Promise<unknown>;

export interface WriteQueueOptions {
  flushIntervalMs?: number;
  maxBatch?: number;
  maxBackoffMs?: number;
  log?: Logger;
}

interface Pending {
  op: WriteOp;
  label: string;
  done?: { resolve: () => void; reject: (e: unknown) => void };
}

// TRANSACTION_CLOSED: SQLite rolls a transaction back by itself on SQLITE_FULL or IOERR, and the
// client then reports the transaction closed rather than the cause.
const TRANSIENT =
  /SQLITE_(FULL|BUSY|LOCKED|IOERR|CANTOPEN|READONLY)|TRANSACTION_CLOSED|disk|database is locked|ECONN|ETIMEDOUT|fetch failed|network/i;

function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as { cause?: unknown }).cause;
  return `${e.message} ${(e as { code?: string }).code ?? ''} ${cause instanceof Error ? `${cause.message} ${(cause as { code?: string }).code ?? ''}` : ''}`;
}

export function isTransientDbError(e: unknown): boolean {
  return TRANSIENT.test(errorText(e));
}

/** A short description for logs: never the query's parameters (they hold caller data). */
export function describeDbError(e: unknown): string {
  const cause = e instanceof Error ? (e as { cause?: unknown }).cause : undefined;
  const base = cause instanceof Error ? cause : e;
  const msg =
    base instanceof Error ? `${(base as { code?: string }).code ?? base.name}: ${base.message}` : String(base);
  return msg
    .split('\n')[0]!
    .replace(/params:.*$/, '')
    .slice(0, 200);
}

export class WriteQueue {
  private pending: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> | null = null;
  private failures = 0;
  private readonly log: Logger;
  readonly stats = { written: 0, batches: 0, retries: 0, rejected: 0 };

  constructor(
    private readonly db: Db,
    private readonly opts: WriteQueueOptions = {},
  ) {
    this.log = opts.log ?? rootLog;
  }

  /** Queues a write; returns at once. */
  enqueue(label: string, op: WriteOp): void {
    this.pending.push({ op, label });
    this.schedule();
  }

  /** Queues a write and resolves once it is durable (for the few writes a reply must wait on). */
  enqueueAndWait(label: string, op: WriteOp): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ op, label, done: { resolve, reject } });
      this.schedule(0);
    });
  }

  get size(): number {
    return this.pending.length;
  }

  /** Writes everything queued now (drain, tests). Retries transient failures up to `attempts`. */
  async flush(attempts = 1): Promise<void> {
    for (let i = 0; i < attempts; i++) {
      if (this.flushing) await this.flushing;
      if (this.pending.length === 0) return;
      await this.runFlush();
      if (this.pending.length === 0) return;
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delay = this.opts.flushIntervalMs ?? 25): void {
    if (this.timer || this.flushing) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runFlush();
    }, delay);
  }

  private runFlush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = this.flushBatch().finally(() => {
      this.flushing = null;
      if (this.pending.length > 0) {
        const backoff = this.failures === 0 ? 0 : Math.min(this.opts.maxBackoffMs ?? 5000, 50 * 2 ** this.failures);
        this.schedule(backoff);
      }
    });
    return this.flushing;
  }

  private async flushBatch(): Promise<void> {
    const batch = this.pending.splice(0, this.opts.maxBatch ?? 500);
    if (batch.length === 0) return;
    try {
      await this.db.transaction(async (tx) => {
        for (const p of batch) await p.op(tx as unknown as Db);
      });
      this.commitOk(batch);
    } catch (e) {
      if (isTransientDbError(e)) {
        // Keep order: the failed batch goes back in front of anything queued meanwhile.
        this.pending.unshift(...batch);
        this.failures++;
        this.stats.retries++;
        if (this.failures === 1 || this.failures % 20 === 0) {
          this.log.error('db write failed; keeping writes queued', {
            error: describeDbError(e),
            queued: this.pending.length,
            failures: this.failures,
          });
        }
        return;
      }
      // A non-transient error is one bad write: isolate it so the others still land.
      await this.writeOneByOne(batch);
    }
  }

  private async writeOneByOne(batch: Pending[]): Promise<void> {
    for (let i = 0; i < batch.length; i++) {
      const p = batch[i]!;
      try {
        await p.op(this.db);
        this.commitOk([p]);
      } catch (e) {
        if (isTransientDbError(e)) {
          this.pending.unshift(...batch.slice(i));
          this.failures++;
          return;
        }
        this.stats.rejected++;
        this.log.error('db write rejected', { op: p.label, error: describeDbError(e) });
        p.done?.reject(e);
      }
    }
  }

  private commitOk(batch: Pending[]): void {
    if (this.failures > 0) this.log.info('db writes recovered', { after: this.failures });
    this.failures = 0;
    this.stats.written += batch.length;
    this.stats.batches++;
    for (const p of batch) p.done?.resolve();
  }
}
