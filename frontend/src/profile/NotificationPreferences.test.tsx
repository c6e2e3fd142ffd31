import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, makeUser, mockApi, renderWithProviders } from '../test/utils';
import { NotificationPreferencesForm, type Me } from './NotificationPreferences';

function makeMe(overrides: Partial<Me> = {}): Me {
  return {
    ...makeUser('locationManager'),
    notificationPreferences: { email: { reviewRequests: true, decisions: true, mentions: true, digest: true } },
    timeZone: 'UTC',
    ...overrides,
  } as Me;
}

describe('NotificationPreferencesForm', () => {
  it('shows the current choices and saves the changed ones with the time zone', async () => {
    const me = makeMe({ notificationPreferences: { email: { reviewRequests: true, decisions: true, mentions: false, digest: true } } });
    const { calls } = mockApi({
      'GET /auth/me': () => me,
      'PATCH /auth/me': ({ body }) => ({ ...me, ...(body as object) }),
    });
    renderWithProviders(<NotificationPreferencesForm />);
    const user = userEvent.setup();
    const mentions = await screen.findByRole('checkbox', { name: /Mentions/ });
    expect(mentions).not.toBeChecked();
    expect(screen.getByRole('checkbox', { name: /Decisions on my campaigns/ })).toBeChecked();

    await user.click(screen.getByRole('checkbox', { name: /Daily digest/ }));
    const zone = screen.getByLabelText(/Time zone/);
    await user.clear(zone);
    await user.type(zone, 'Europe/Berlin');
    await user.click(screen.getByRole('button', { name: 'Save preferences' }));

    expect(await screen.findByText('Notification preferences saved')).toBeInTheDocument();
    const patch = calls.find((c) => c.method === 'PATCH');
    expect(patch?.body).toEqual({
      notificationPreferences: { email: { reviewRequests: true, decisions: true, mentions: false, digest: false } },
      timeZone: 'Europe/Berlin',
    });
  });

  it('refuses an unknown time zone before calling the API', async () => {
    const { calls } = mockApi({ 'GET /auth/me': () => makeMe() });
    renderWithProviders(<NotificationPreferencesForm />);
    const user = userEvent.setup();
    const zone = await screen.findByLabelText(/Time zone/);
    await user.clear(zone);
    await user.type(zone, 'Mars/Olympus');
    await user.click(screen.getByRole('button', { name: 'Save preferences' }));
    expect(screen.getByText(/Choose a time zone from the list/)).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(0);
  });

  it("shows the server's time zone error next to the field", async () => {
    mockApi({
      'GET /auth/me': () => makeMe(),
      'PATCH /auth/me': () =>
        json(400, { title: 'Validation failed', status: 400, errors: { timeZone: ['timeZone must be an IANA time zone such as Europe/Berlin or UTC.'] } }),
    });
    renderWithProviders(<NotificationPreferencesForm />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Save preferences' }));
    expect(await screen.findByText('timeZone must be an IANA time zone such as Europe/Berlin or UTC.')).toBeInTheDocument();
  });
});
