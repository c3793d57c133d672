// Taps a call's audio for its recording: caller audio as it arrives, assistant audio as it is
// sent, and the clear at a barge-in. Without a recording path the call is returned untouched.
import type { Logger } from '../log.ts';
import { AudioRecorder } from './audio-recorder.ts';
import type { CallSessionHandle, StreamCommands } from './ports.ts';

export interface RecordedCall {
  commands: StreamCommands;
  wrap(session: CallSessionHandle): CallSessionHandle;
}

export function recordedCall(path: string | null, commands: StreamCommands, log: Logger): RecordedCall {
  if (!path) return { commands, wrap: (s) => s };
  const rec = new AudioRecorder({ path, onError: (e) => log.warn('call recording write failed', { error: e }) });
  return {
    commands: {
      sendMedia(payload) {
        const ok = commands.sendMedia(payload);
        if (ok) rec.assistant(payload);
        return ok;
      },
      sendMark: (name) => commands.sendMark(name),
      sendClear() {
        rec.clear();
        commands.sendClear();
      },
      hangup: () => commands.hangup(),
    },
    wrap: (session) => ({
      onAudio(payload, timestampMs) {
        rec.caller(payload);
        session.onAudio(payload, timestampMs);
      },
      onMark: (name) => session.onMark(name),
      onDtmf: (digit) => session.onDtmf(digit),
      async end(reason) {
        await session.end(reason);
        const r = await rec.close();
        if (r?.droppedBytes) log.warn('call recording dropped audio', { droppedBytes: r.droppedBytes });
      },
    }),
  };
}
