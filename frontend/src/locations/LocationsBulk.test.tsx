import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Location } from '../api/types';
import { BRAND_ID, json, makeUser, mockApi, renderWithProviders } from '../test/utils';
import LocationDetailPage from './LocationDetailPage';
import { LocationsTable } from './LocationsTable';

const loc = (i: number, over: Partial<Location> = {}): Location => ({
  id: `l${i}`,
  brandId: BRAND_ID,
  name: `Store ${i}`,
  storeNumber: String(100 + i),
  address: { street: `${i} Main St`, city: 'Chicago', state: 'IL', postalCode: '60601', country: 'US' },
  fullAddress: '',
  timeZone: 'America/Chicago',
  latitude: null,
  longitude: null,
  attributes: { region: 'north' },
  isActive: true,
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
  version: 3 + i,
  ...over,
});

describe('locations: bulk changes (issue 14, item 17)', () => {
  it('deactivates the selected rows with If-Match per row and reports the row that failed', async () => {
    const rows = [loc(1), loc(2), loc(3)];
    const { calls } = mockApi({
      'GET /brands/*/locations': () => ({ items: rows, page: 1, pageSize: 20, total: 3 }),
      'PATCH /brands/*/locations/*': ({ path }) =>
        path.endsWith('/l2') ? json(412, { status: 412, title: 'Precondition failed' }) : { ...rows.find((r) => path.endsWith(`/${r.id}`)), isActive: false },
    });
    renderWithProviders(<LocationsTable brandId={BRAND_ID} />, { user: makeUser('brandManager') });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('checkbox', { name: 'Select Store 1 (#101)' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select Store 2 (#102)' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select Store 3 (#103)' }));
    const bar = screen.getByRole('group', { name: 'Bulk actions' });
    expect(bar).toHaveTextContent('3 selected');
    await user.click(within(bar).getByRole('button', { name: 'Deactivate' }));

    const alert = (await screen.findByText(/1 location was not deactivated/)).closest('[role="alert"]')!;
    expect(alert).not.toBeNull();
    expect(alert).toHaveTextContent('Store 2 (#102): Someone else changed this item');
    const patches = calls.filter((c) => c.method === 'PATCH');
    expect(patches.map((c) => [c.path.split('/').pop(), c.headers.get('If-Match'), c.body])).toEqual(
      expect.arrayContaining([
        ['l1', 'W/"4"', { isActive: false }],
        ['l2', 'W/"5"', { isActive: false }],
        ['l3', 'W/"6"', { isActive: false }],
      ]),
    );
    // The failed row stays selected for a retry.
    expect(screen.getByRole('group', { name: 'Bulk actions' })).toHaveTextContent('1 selected');
  });

  it('sets one attribute on the selected rows, keeping the others', async () => {
    const rows = [loc(1), loc(2)];
    const { calls } = mockApi({
      'GET /brands/*/locations': () => ({ items: rows, page: 1, pageSize: 20, total: 2 }),
      'PATCH /brands/*/locations/*': ({ body }) => body,
    });
    renderWithProviders(<LocationsTable brandId={BRAND_ID} />, { user: makeUser('brandManager') });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('checkbox', { name: 'Select all rows on this page' }));
    await user.click(screen.getByRole('button', { name: 'Set attribute…' }));
    const dialog = screen.getByRole('dialog', { name: /Set an attribute on 2 locations/ });
    await user.type(within(dialog).getByLabelText(/Attribute/), 'drive_thru');
    await user.type(within(dialog).getByLabelText('Value'), 'true');
    await user.click(within(dialog).getByRole('button', { name: 'Set attribute' }));
    await screen.findByText('2 locations given drive_thru = true');
    expect(calls.filter((c) => c.method === 'PATCH').map((c) => c.body)).toEqual([
      { attributes: { region: 'north', drive_thru: true } },
      { attributes: { region: 'north', drive_thru: true } },
    ]);
  });

  it('is read-only (no selection) for a location manager', async () => {
    mockApi({ 'GET /brands/*/locations': () => ({ items: [loc(1)], page: 1, pageSize: 20, total: 1 }) });
    renderWithProviders(<LocationsTable brandId={BRAND_ID} />, { user: makeUser('locationManager') });
    await screen.findByRole('link', { name: 'Store 1' });
    expect(screen.queryByRole('checkbox')).toBeNull();
  });
});

describe('location page: archive and delete (issue 14, item 17)', () => {
  const route = { route: `/brands/${BRAND_ID}/locations/l1`, path: '/brands/:brandId/locations/:locationId', user: makeUser('brandManager') };
  const common = {
    'GET /brands/*': () => ({ id: BRAND_ID, name: 'Northwind', slug: 'northwind', settings: {} }),
    'GET /campaigns': () => ({ items: [], page: 1, pageSize: 10, total: 0 }),
  };

  it('archives with If-Match after a confirmation', async () => {
    let active = true;
    const { calls } = mockApi({
      ...common,
      'GET /brands/*/locations/l1': () => json(200, loc(1, { isActive: active }), { ETag: 'W/"7"' }),
      'PATCH /brands/*/locations/l1': () => {
        active = false;
        return loc(1, { isActive: false });
      },
    });
    renderWithProviders(<LocationDetailPage />, route);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Archive' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Archive this location?' })).getByRole('button', { name: 'Archive location' }));
    expect(await screen.findByRole('button', { name: 'Restore' })).toBeInTheDocument();
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.body).toEqual({ isActive: false });
    expect(patch.headers.get('If-Match')).toBe('W/"7"');
  });

  it('deletes after a confirmation, and shows the API refusal in plain words', async () => {
    const { calls } = mockApi({
      ...common,
      'GET /brands/*/locations/l1': () => json(200, loc(1), { ETag: 'W/"7"' }),
      'DELETE /brands/*/locations/l1': () =>
        json(409, { status: 409, title: 'Conflict', detail: 'The location still has 2 campaign(s). Delete or move its campaigns first, or set isActive to false instead.' }),
    });
    renderWithProviders(<LocationDetailPage />, route);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Delete Store 1?' })).getByRole('button', { name: 'Delete location' }));
    expect(await screen.findByText(/or archive it \(mark it inactive\) instead/)).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'DELETE')?.headers.get('If-Match')).toBe('W/"7"');
  });
});
