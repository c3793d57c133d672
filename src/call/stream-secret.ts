// The key stream tokens are signed with. Every instance that may take a stream must share it
// (STREAM_TOKEN_SECRET); without it each process signs with its own random key, which is right
// for one instance and refuses every cross-instance stream, so start-up says so.
import { randomBytes } from 'node:crypto';

export interface StreamSecret {
  key: Uint8Array;
  /** Set when the key is this process's own: other instances cannot admit its streams. */
  warning: string | null;
}

export function streamSecretFrom(configured: string | undefined): StreamSecret {
  if (configured) return { key: Buffer.from(configured, 'utf8'), warning: null };
  return {
    key: randomBytes(32),
    warning:
      'STREAM_TOKEN_SECRET is not set: stream tokens are signed with a per-process key, so a stream ' +
      'reaching another instance is refused; set the same secret on every instance',
  };
}
