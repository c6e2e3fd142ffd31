import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Role } from '../api/types';
import { makeUser, mockApi, renderWithProviders } from '../test/utils';
import { AppShell } from './AppShell';

const NAV: Record<Role, string[]> = {
  admin: ['Dashboard', 'Campaigns', 'Calendar', 'Rollouts', 'Approvals', 'Templates', 'Locations', 'Brands', 'Users'],
  brandManager: ['Dashboard', 'Campaigns', 'Calendar', 'Rollouts', 'Approvals', 'Templates', 'Locations', 'Brands'],
  locationManager: ['Dashboard', 'Campaigns', 'Calendar', 'Rollouts', 'Templates', 'Locations', 'Brands'],
  viewer: ['Dashboard', 'Campaigns', 'Calendar', 'Rollouts', 'Templates', 'Locations', 'Brands'],
};

describe('role-aware navigation', () => {
  it.each(Object.entries(NAV) as [Role, string[]][])('%s sees only what they may use', (role, expected) => {
    mockApi({
      'GET /approvals': () => ({ items: [], page: 1, pageSize: 1, total: 3 }),
      'GET /notifications': () => ({ items: [], unread: 2 }),
    });
    renderWithProviders(<AppShell />, { user: makeUser(role) });
    const nav = screen.getByRole('navigation', { name: 'Main' });
    const labels = within(nav)
      .getAllByRole('link')
      .map((a) => a.textContent?.replace(/\d+$/, '').trim());
    expect(labels).toEqual(expected);
  });

  it('shows unread notifications and the reviewer queue size', async () => {
    mockApi({
      'GET /approvals': () => ({ items: [], page: 1, pageSize: 1, total: 3 }),
      'GET /notifications': () => ({ items: [], unread: 2 }),
    });
    renderWithProviders(<AppShell />, { user: makeUser('brandManager') });
    expect(await screen.findByRole('button', { name: 'Notifications, 2 unread' })).toBeInTheDocument();
    expect(await screen.findByLabelText('3 waiting')).toBeInTheDocument();
  });
});
