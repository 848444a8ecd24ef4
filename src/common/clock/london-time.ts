/**
 * Calendar arithmetic in Europe/London over UTC instants, with nothing but Intl. A "date" here
 * is a London calendar date as 'YYYY-MM-DD'; an instant is a Date (always UTC inside).
 */
const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The London calendar date of an instant, e.g. 2026-06-12T23:30Z -> '2026-06-13' (BST). */
export function londonDate(instant: Date): string {
  const p = londonParts(instant);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** True for a real calendar date in 'YYYY-MM-DD' form (rejects 2026-02-30). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** 0 = Sunday ... 6 = Saturday; a calendar date has the same weekday in every zone. */
export function dayOfWeek(date: string): number {
  return dateToUtcMidnight(date).getUTCDay();
}

export function addCalendarDays(date: string, days: number): string {
  return dateToUtcMidnight(date, days).toISOString().slice(0, 10);
}

/** 00:00:00.000 London time on that date, as a UTC instant. */
export function startOfLondonDay(date: string): Date {
  return londonWallTimeToInstant(date, 0, 0, 0, 0);
}

/** 23:59:59.999 London time on that date, as a UTC instant (22:59:59.999Z in summer). */
export function endOfLondonDay(date: string): Date {
  return londonWallTimeToInstant(date, 23, 59, 59, 999);
}

function londonWallTimeToInstant(
  date: string,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): Date {
  const midnight = dateToUtcMidnight(date).getTime();
  const wall = midnight + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
  // Guess with the offset at the wall time read as UTC, then re-check with the offset at the
  // guess: the two differ only within an hour of a clock change.
  let instant = wall - londonOffsetMs(new Date(wall));
  const recheck = wall - londonOffsetMs(new Date(instant));
  if (recheck !== instant) instant = recheck;
  return new Date(instant);
}

/** How far London wall time is ahead of UTC at an instant: 0 in GMT, 3_600_000 in BST. */
function londonOffsetMs(instant: Date): number {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('Invalid Date');
  // London's clocks change on the hour in UTC (01:00Z), so the offset holds for a whole UTC
  // hour: asked once per hour and remembered. Intl's formatToParts is the dear part (a case
  // list's deadlines asked it hundreds of times a page, a tenth of the page's CPU).
  const hour = Math.floor(t / HOUR_MS);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    offset = offsetFromIntl(new Date(hour * HOUR_MS));
    if (offsetByHour.size >= OFFSET_CACHE_HOURS) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}

const HOUR_MS = 3_600_000;
/** About six years of hours: far more than the dates one process ever works with. */
const OFFSET_CACHE_HOURS = 50_000;
const offsetByHour = new Map<number, number>();

function offsetFromIntl(hourStart: Date): number {
  const parts: Record<string, number> = {};
  for (const { type, value } of LONDON.formatToParts(hourStart)) {
    if (type !== 'literal') parts[type] = Number(value);
  }
  const asUtc = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
  );
  return asUtc - hourStart.getTime();
}

function londonParts(instant: Date) {
  const wall = new Date(instant.getTime() + londonOffsetMs(instant));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

function dateToUtcMidnight(date: string, plusDays = 0): Date {
  if (!isIsoDate(date)) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) + plusDays * DAY_MS);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
