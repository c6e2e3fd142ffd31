import { describe, expect, it } from 'vitest';
import { formatDuration, utcToZonedLocal, zonedLocalToUtc } from './time';

describe('store-local time conversion', () => {
  it('converts a Chicago wall-clock time to UTC in winter and summer', () => {
    expect(zonedLocalToUtc('2026-12-01T09:00', 'America/Chicago').toISOString()).toBe('2026-12-01T15:00:00.000Z');
    expect(zonedLocalToUtc('2026-07-01T09:00', 'America/Chicago').toISOString()).toBe('2026-07-01T14:00:00.000Z');
  });

  it('handles zones east of UTC and half-hour offsets', () => {
    expect(zonedLocalToUtc('2026-12-01T09:00', 'Europe/Berlin').toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(zonedLocalToUtc('2026-12-01T09:00', 'Asia/Kolkata').toISOString()).toBe('2026-12-01T03:30:00.000Z');
  });

  it('round-trips UTC to the store wall clock', () => {
    expect(utcToZonedLocal('2026-12-01T15:00:00Z', 'America/Chicago')).toBe('2026-12-01T09:00');
    expect(utcToZonedLocal('2026-03-08T08:30:00Z', 'America/Los_Angeles')).toBe('2026-03-08T00:30');
  });

  it('rejects malformed input', () => {
    expect(Number.isNaN(zonedLocalToUtc('tomorrow', 'UTC').getTime())).toBe(true);
  });
});

describe('formatDuration', () => {
  it.each([
    [null, '—'],
    [42, '42s'],
    [5400, '1h 30m'],
    [93784, '1d 2h'],
    [86400, '1d'],
  ])('%s → %s', (input, out) => {
    expect(formatDuration(input as number | null)).toBe(out);
  });
});
