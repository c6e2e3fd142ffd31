import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { BRAND_ID, json, makeUser, mockApi, renderWithProviders } from '../test/utils';
import { DevicesCard } from './DevicesCard';

const LOCATION_ID = '22222222-2222-4222-8222-222222222222';
const devices = [
  { id: 'd1', locationId: LOCATION_ID, name: 'Front till', createdAt: '2026-11-01T00:00:00Z', lastSeenAt: new Date(Date.now() - 120_000).toISOString() },
  { id: 'd2', locationId: LOCATION_ID, name: 'Window screen', createdAt: '2026-11-01T00:00:00Z', lastSeenAt: null },
];

describe('DevicesCard', () => {
  it('lists devices with when each was last seen', async () => {
    mockApi({ 'GET /brands/*/locations/*/devices': () => ({ items: devices }) });
    renderWithProviders(<DevicesCard brandId={BRAND_ID} locationId={LOCATION_ID} />, { user: makeUser('brandManager') });
    const list = await screen.findByRole('list', { name: 'Devices' });
    expect(within(list).getByText('Front till')).toBeInTheDocument();
    expect(within(list).getByText(/Last seen/)).toBeInTheDocument();
    expect(within(list).getByText('Never seen')).toBeInTheDocument();
  });

  it('shows the new key once, with a copy button, and never lists it', async () => {
    const key = 'ssdk_ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJKLMNOPQRST';
    const { calls } = mockApi({
      'GET /brands/*/locations/*/devices': () => ({ items: [] }),
      'POST /brands/*/locations/*/devices': () => json(201, { id: 'd3', locationId: LOCATION_ID, name: 'Tablet', key, createdAt: '2026-11-02T00:00:00Z' }),
    });
    renderWithProviders(<DevicesCard brandId={BRAND_ID} locationId={LOCATION_ID} />, { user: makeUser('brandManager') });
    const user = userEvent.setup();
    await screen.findByText(/No devices yet/);
    await user.click(screen.getByRole('button', { name: 'Add device' }));
    const dialog = screen.getByRole('dialog', { name: 'Add device' });
    await user.click(within(dialog).getByRole('button', { name: 'Add device' }));
    expect(within(dialog).getByText(/Enter a name/)).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText(/Name/), 'Tablet');
    await user.click(within(dialog).getByRole('button', { name: 'Add device' }));
    const keyDialog = await screen.findByRole('dialog', { name: 'Key for Tablet' });
    expect(within(keyDialog).getByText(key)).toBeInTheDocument();
    expect(within(keyDialog).getByText(/shown only this once/)).toBeInTheDocument();
    await user.click(within(keyDialog).getByRole('button', { name: 'Copy key' }));
    expect(await navigator.clipboard.readText()).toBe(key); // user-event's clipboard stub
    expect(within(keyDialog).getByRole('button', { name: 'Copied' })).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'Tablet' });
    await user.click(within(keyDialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByText(key)).not.toBeInTheDocument());
  });

  it('revokes a device only after confirming', async () => {
    const { calls } = mockApi({
      'GET /brands/*/locations/*/devices': () => ({ items: devices }),
      'DELETE /brands/*/locations/*/devices/*': () => new Response(null, { status: 204 }),
    });
    renderWithProviders(<DevicesCard brandId={BRAND_ID} locationId={LOCATION_ID} />, { user: makeUser('admin') });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Revoke Front till' }));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    const confirm = screen.getByRole('dialog', { name: 'Revoke Front till?' });
    await user.click(within(confirm).getByRole('button', { name: 'Revoke device' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual([`/brands/${BRAND_ID}/locations/${LOCATION_ID}/devices/d1`]));
  });
});
