import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError, errorMessage } from '../api/problem';
import { HistoryTimeline } from '../campaigns/HistoryTimeline';
import { plainWords } from './plainWords';

describe('plainWords (issue 14, item 19)', () => {
  it('turns UTC stamps into the given zone with its abbreviation', () => {
    const out = plainWords('"Spring" has waited for approval since 2026-11-30 12:30 UTC (2 days).', 'America/Chicago');
    expect(out).not.toMatch(/UTC|\d{4}-\d{2}-\d{2}/);
    expect(out).toContain('6:30');
    expect(out).toContain('CST');
  });

  it('says what the lifecycle sweep did in plain words, in the store zone', () => {
    const out = plainWords('Lifecycle sweep (due 2026-12-01T15:00:00Z)', 'America/New_York');
    expect(out).toMatch(/^Done automatically when due \(.*10:00.*EST\)$/);
    expect(out).not.toMatch(/sweep|Z\)/);
  });

  it('says what the lifecycle orchestration did in plain words, in the store zone', () => {
    const out = plainWords('Lifecycle orchestration (due 2026-12-01T15:00:00Z)', 'America/New_York');
    expect(out).toMatch(/^Done automatically when due \(.*10:00.*EST\)$/);
    expect(out).not.toMatch(/orchestration|Z\)/);
  });

  it('drops API jargon from problem details', () => {
    expect(plainWords('Campaigns use this template, so it cannot be deleted. Deactivate it instead (PATCH isActive: false).')).toBe(
      'Campaigns use this template, so it cannot be deleted. Deactivate it instead: mark it inactive.',
    );
  });
});

describe('server text reaches people in plain words', () => {
  it('an automatic history entry shows the due time in the store zone, no "Lifecycle sweep" or Z stamp', () => {
    render(
      <HistoryTimeline
        timeZone="America/Los_Angeles"
        isLoading={false}
        error={null}
        onRetry={() => {}}
        entries={[{ fromStatus: 'scheduled', toStatus: 'active', action: 'activate', actor: null, actorName: 'system', comment: 'Lifecycle sweep (due 2026-12-01T17:00:00Z)', at: '2026-12-01T17:00:05Z' }]}
      />,
    );
    expect(screen.queryByText(/Lifecycle sweep|T17:00:00Z/)).toBeNull();
    expect(screen.queryByText(/by system/)).toBeNull(); // the API's actorName for the sweep is not a person
    expect(screen.getByText(/Done automatically when due \(.*9:00.*PST\)/)).toBeInTheDocument();
  });

  it('a problem detail from the API is shown without API jargon', () => {
    const e = new ApiError(409, { title: 'Conflict', status: 409, detail: 'Campaigns use this template, so it cannot be deleted. Deactivate it instead (PATCH isActive: false).' });
    expect(errorMessage(e)).not.toMatch(/PATCH|isActive/);
  });
});
