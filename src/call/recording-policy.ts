// Whether a call is recorded and where its WAV goes. Recording is opt-in per org; in HIPAA mode it
// is refused unless the org also sets `recording.allowInHipaaMode`. Files live under the server's
// RECORDINGS_DIR, in the org's own folder name when it gives one, then the org id.
import { join } from 'node:path';
import { mayStoreRecording } from '../privacy/hipaa.ts';
import type { OrgSettings } from '../templates/types.ts';

export function recordsCalls(settings: Pick<OrgSettings, 'recording' | 'flags'>): boolean {
  const r = settings.recording;
  if (!r?.enabled) return false;
  return mayStoreRecording(settings) || r.allowInHipaaMode === true;
}

/** The WAV path for a call, or null when the org does not record calls. */
export function recordingPathFor(
  baseDir: string,
  settings: Pick<OrgSettings, 'recording' | 'flags'>,
  orgId: string,
  callId: string,
): string | null {
  if (!recordsCalls(settings)) return null;
  // The folder name is validated by the settings schema; a stored value with a separator is ignored.
  const dir = settings.recording?.dir;
  const folder = dir && /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/.test(dir) ? dir : '';
  return join(baseDir, folder, orgId, `${callId}.wav`);
}
