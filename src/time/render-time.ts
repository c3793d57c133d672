// Times as a receptionist says them: "Thursday, November 26th at 1 PM", "at noon", "9:30 AM".
import { utcToZoned } from './zoned.ts';

/** Weekday names, by the short ids the zoned-time helpers and the settings use. */
export const DAYS = {
  sun: 'Sunday',
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
} as const;
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

export function renderClock(hour: number, minute: number): string {
  if (hour === 12 && minute === 0) return 'noon';
  if (hour === 0 && minute === 0) return 'midnight';
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  const suffix = hour < 12 ? 'AM' : 'PM';
  return minute === 0 ? `${h12} ${suffix}` : `${h12}:${String(minute).padStart(2, '0')} ${suffix}`;
}

/** "Thursday, November 26th at 1 PM" in the org's zone. */
export function renderWhen(iso: string | Date, tz: string): string {
  const z = utcToZoned(typeof iso === 'string' ? new Date(iso) : iso, tz);
  const clock = renderClock(z.hour, z.minute);
  return `${DAYS[z.weekday]}, ${MONTHS[z.month - 1]} ${ordinal(z.day)} at ${clock}`;
}

/** Shorter form for lists of options: "Thursday at 1 PM". */
export function renderShort(iso: string | Date, tz: string): string {
  const z = utcToZoned(typeof iso === 'string' ? new Date(iso) : iso, tz);
  return `${DAYS[z.weekday]} at ${renderClock(z.hour, z.minute)}`;
}

/** "A, B or C". */
export function listOr(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
