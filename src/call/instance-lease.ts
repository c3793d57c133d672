// This instance's lease on its calls: a heartbeat in the shared database every INSTANCE_HEARTBEAT_MS,
// and on each beat a sweep of the open calls of instances silent for INSTANCE_LEASE_MS. A call is
// never left open by a crash: a survivor ends it as `interrupted`, or the instance itself on restart.
import type { Db } from '../db/client.ts';
import type { Logger } from '../log.ts';
import { beat, sweepQuietInstances } from '../db/instances-repo.ts';

export interface LeaseOptions {
  db: Db;
  id: string;
  region: string;
  log: Logger;
  heartbeatMs: number;
  leaseMs: number;
}

/** Beats once now, then on an interval; returns the stop function. */
export async function startInstanceLease(o: LeaseOptions): Promise<() => void> {
  await beat(o.db, o.id, o.region, Date.now());
  let running = false;
  const tick = async (): Promise<void> => {
    if (running) return; // a slow database: never two beats at once
    running = true;
    try {
      // Wall time, never a simulated clock: leases are compared across processes.
      const now = Date.now();
      await beat(o.db, o.id, o.region, now);
      const swept = await sweepQuietInstances(o.db, o.id, now, o.leaseMs);
      if (swept > 0) o.log.warn('calls of a silent instance marked interrupted', { count: swept });
    } catch (e) {
      o.log.warn('instance heartbeat failed', { error: e });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), o.heartbeatMs);
  return () => clearInterval(timer);
}
