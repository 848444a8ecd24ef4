const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;
const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
});

/** What a London wall clock shows at `instant`, read back as if it were UTC. */
function londonWallClockAsUtc(instant: number): number {
  const parts = Object.fromEntries(
    LONDON.formatToParts(new Date(instant)).map((p) => [p.type, Number(p.value)]),
  );
  return Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
    new Date(instant).getUTCMilliseconds(),
  );
}

/**
 * Parses an ISO 8601 time. With an offset (or Z) it is exact; without one (as a browser's
 * datetime-local box sends it) it is a time on a London clock, the only clock a UK school means.
 */
export function parseInstant(value: string): Date {
  if (HAS_OFFSET.test(value) || !value.includes('T')) return new Date(value);
  const asUtc = new Date(`${value}Z`).getTime();
  if (Number.isNaN(asUtc)) return new Date(NaN);
  // Two passes settle the offset even next to a clock change.
  let guess = asUtc - (londonWallClockAsUtc(asUtc) - asUtc);
  guess = asUtc - (londonWallClockAsUtc(guess) - guess);
  return new Date(guess);
}
