// US federal holidays for any year (5 U.S.C. 6103), with their observed dates: a holiday on a
// Saturday is observed the Friday before, on a Sunday the Monday after. Pure calendar arithmetic.

export interface Holiday {
  name: string;
  /** The holiday itself, YYYY-MM-DD. */
  date: string;
  /** The weekday it is observed on (equal to `date` on a weekday). */
  observed: string;
}

const ymd = (y: number, m: number, d: number): string =>
  `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** Day of the week, 0 = Sunday, of a calendar date. */
function weekday(y: number, m: number, d: number): number {
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The n-th (1-based) given weekday of a month; n = -1 is the last. */
export function nthWeekday(y: number, m: number, dow: number, n: number): number {
  if (n > 0) {
    const first = weekday(y, m, 1);
    return 1 + ((dow - first + 7) % 7) + (n - 1) * 7;
  }
  const last = daysIn(y, m);
  return last - ((weekday(y, m, last) - dow + 7) % 7);
}

function shifted(y: number, m: number, d: number): string {
  const t = new Date(Date.UTC(y, m - 1, d));
  const dow = t.getUTCDay();
  if (dow === 6) t.setUTCDate(d - 1);
  if (dow === 0) t.setUTCDate(d + 1);
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

function fixed(name: string, y: number, m: number, d: number): Holiday {
  return { name, date: ymd(y, m, d), observed: shifted(y, m, d) };
}

function floating(name: string, y: number, m: number, dow: number, n: number): Holiday {
  const date = ymd(y, m, nthWeekday(y, m, dow, n));
  return { name, date, observed: date };
}

const MON = 1;
const THU = 4;

/** The year's federal holidays in date order (Juneteenth from 2021, when it became one). */
export function usFederalHolidays(year: number): Holiday[] {
  const y = year;
  const list: Holiday[] = [
    fixed('New Year’s Day', y, 1, 1),
    floating('Martin Luther King Jr. Day', y, 1, MON, 3),
    floating('Washington’s Birthday', y, 2, MON, 3),
    floating('Memorial Day', y, 5, MON, -1),
    ...(y >= 2021 ? [fixed('Juneteenth', y, 6, 19)] : []),
    fixed('Independence Day', y, 7, 4),
    floating('Labor Day', y, 9, MON, 1),
    floating('Columbus Day', y, 10, MON, 2),
    fixed('Veterans Day', y, 11, 11),
    floating('Thanksgiving Day', y, 11, THU, 4),
    fixed('Christmas Day', y, 12, 25),
  ];
  return list;
}

/**
 * The holiday a business observing the federal calendar is closed for on this date, if any: the
 * holiday itself or its observed weekday (next year's New Year's Day may be observed on Dec 31).
 */
export function usFederalHolidayOn(date: string): Holiday | null {
  const year = Number(date.slice(0, 4));
  for (const h of [...usFederalHolidays(year), ...usFederalHolidays(year + 1).slice(0, 1)]) {
    if (h.date === date || h.observed === date) return h;
  }
  return null;
}
