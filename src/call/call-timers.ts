// The timer source a call's bounds run on: real by default, a manual wheel in tests.
import type { PlayerTimers } from '../telephony/outbound-player.ts';

export type CallTimers = PlayerTimers;

export const realCallTimers: CallTimers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};
