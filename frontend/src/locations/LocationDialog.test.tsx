import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Location } from '../api/types';
import { BRAND_ID, json, makeUser, mockApi, renderWithProviders } from '../test/utils';
import { LocationDialog } from './LocationDialog';

const existing: Location & { etag: string } = {
  id: 'loc-1',
  brandId: BRAND_ID,
  name: 'Downtown',
  storeNumber: '101',
  address: { street: '1 Main St', city: 'Chicago', state: 'IL', postalCode: '60601', country: 'US' },
  fullAddress: '1 Main St, Chicago, IL 60601, US',
  timeZone: 'America/Chicago',
  latitude: 41.88,
  longitude: -87.63,
  attributes: { format: 'drive-thru' },
  isActive: true,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  version: 3,
  etag: 'W/"3"',
};

describe('LocationDialog', () => {
  it('validates required fields, time zone and attributes locally', async () => {
    const { calls } = mockApi({});
    renderWithProviders(<LocationDialog open onClose={() => {}} brandId={BRAND_ID} />, { user: makeUser('brandManager') });
    const user = userEvent.setup();
    const dialog = screen.getByRole('dialog', { name: 'Add location' });
    await user.type(within(dialog).getByLabelText(/Time zone/), 'Mars/Olympus');
    await user.click(within(dialog).getByLabelText(/Attributes/));
    await user.paste('[1,2]');
    await user.click(within(dialog).getByRole('button', { name: 'Add location' }));
    expect(within(dialog).getByText('Enter the store name')).toBeInTheDocument();
    expect(within(dialog).getByText('Enter the store number')).toBeInTheDocument();
    expect(within(dialog).getByText(/Use an IANA time zone/)).toBeInTheDocument();
    expect(within(dialog).getByText(/Must be a JSON object/)).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it('shows the API validation messages on the matching fields', async () => {
    mockApi({
      'POST /brands/*/locations': () =>
        json(400, {
          title: 'Validation failed',
          status: 400,
          detail: 'One or more fields are invalid.',
          errors: { 'address.postalCode': ['postalCode is not a valid postal code.'], Name: ['name is too long.'] },
        }),
    });
    renderWithProviders(<LocationDialog open onClose={() => {}} brandId={BRAND_ID} />, { user: makeUser('brandManager') });
    const user = userEvent.setup();
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText(/Store name/), 'Uptown');
    await user.type(within(dialog).getByLabelText(/Store number/), '202');
    await user.type(within(dialog).getByLabelText(/Postal code/), '???');
    await user.type(within(dialog).getByLabelText(/Time zone/), 'America/New_York');
    await user.click(within(dialog).getByRole('button', { name: 'Add location' }));
    expect(await within(dialog).findByText('postalCode is not a valid postal code.')).toBeInTheDocument();
    expect(within(dialog).getByText('name is too long.')).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/Postal code/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('reports a duplicate store number (409) on the store number field', async () => {
    mockApi({ 'POST /brands/*/locations': () => json(409, { title: 'Conflict', status: 409, detail: 'Store number 101 is already used by this brand.' }) });
    renderWithProviders(<LocationDialog open onClose={() => {}} brandId={BRAND_ID} />, { user: makeUser('brandManager') });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Store name/), 'Copy');
    await user.type(screen.getByLabelText(/Store number/), '101');
    await user.type(screen.getByLabelText(/Time zone/), 'UTC');
    await user.click(screen.getByRole('button', { name: 'Add location' }));
    expect(await screen.findByText('Store number 101 is already used by this brand.')).toBeInTheDocument();
  });

  it('edits with If-Match and sends the full address and attributes', async () => {
    const { calls } = mockApi({ 'PATCH /brands/*/locations/loc-1': ({ body }) => ({ ...existing, ...(body as object) }) });
    let closed = false;
    renderWithProviders(<LocationDialog open onClose={() => (closed = true)} brandId={BRAND_ID} location={existing} />, { user: makeUser('brandManager') });
    const user = userEvent.setup();
    const name = screen.getByLabelText(/Store name/);
    await user.clear(name);
    await user.type(name, 'Downtown Loop');
    await user.click(screen.getByRole('button', { name: 'Save location' }));
    await screen.findByText('Location saved');
    expect(closed).toBe(true);
    expect(calls[0].headers.get('If-Match')).toBe('W/"3"');
    expect(calls[0].body).toMatchObject({
      name: 'Downtown Loop',
      storeNumber: '101',
      address: { street: '1 Main St', city: 'Chicago', state: 'IL', postalCode: '60601', country: 'US' },
      timeZone: 'America/Chicago',
      latitude: 41.88,
      attributes: { format: 'drive-thru' },
      isActive: true,
    });
  });
});
