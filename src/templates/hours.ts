import type { BusinessHours } from './types.ts';

const day = (open: string, close: string) => [{ open, close }];

/** Weekdays open–close, Saturday optional, Sunday closed. */
export function weekdayHours(open: string, close: string, saturday?: [string, string]): BusinessHours {
  return {
    mon: day(open, close),
    tue: day(open, close),
    wed: day(open, close),
    thu: day(open, close),
    fri: day(open, close),
    sat: saturday ? day(saturday[0], saturday[1]) : [],
    sun: [],
  };
}
