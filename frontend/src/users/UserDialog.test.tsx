import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { BRAND_ID, json, makeUser, mockApi, renderWithProviders } from '../test/utils';
import { UserDialog } from './UserDialog';

const brands = { items: [{ id: BRAND_ID, name: 'Northwind Coffee', slug: 'northwind', settings: {}, createdAt: '', updatedAt: '' }], page: 1, pageSize: 100, total: 1 };

describe('UserDialog', () => {
  it('validates a new user before sending', async () => {
    const { calls } = mockApi({ 'GET /brands': () => brands });
    renderWithProviders(<UserDialog open onClose={() => {}} />, { user: makeUser('admin') });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Username/), 'x');
    await user.type(screen.getByLabelText(/Email/), 'nope');
    await user.click(screen.getByRole('button', { name: 'Create user' }));
    expect(screen.getByText(/3–64 letters/)).toBeInTheDocument();
    expect(screen.getByText('Enter a valid email address')).toBeInTheDocument();
    expect(screen.getByText('At least 10 characters')).toBeInTheDocument();
    expect(screen.getByText('Choose at least one brand')).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
  });

  it('creates a brand manager and shows a taken username from the API', async () => {
    const { calls } = mockApi({
      'GET /brands': () => brands,
      'POST /users': () => json(409, { title: 'Conflict', status: 409, detail: 'That username is taken.' }),
    });
    renderWithProviders(<UserDialog open onClose={() => {}} />, { user: makeUser('admin') });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Username/), 'bm.fabrikam');
    await user.type(screen.getByLabelText(/Display name/), 'Fay Brand');
    await user.type(screen.getByLabelText(/Email/), 'fay@example.test');
    await user.type(screen.getByLabelText(/Initial password/), 'StoreSync!2026');
    await user.selectOptions(screen.getByLabelText(/Role/), 'brandManager');
    await user.click(await screen.findByLabelText('Northwind Coffee'));
    await user.click(screen.getByRole('button', { name: 'Create user' }));
    expect(await screen.findByText('That username is taken.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      username: 'bm.fabrikam',
      displayName: 'Fay Brand',
      email: 'fay@example.test',
      password: 'StoreSync!2026',
      role: 'brandManager',
      brandIds: [BRAND_ID],
      locationIds: [],
      isActive: true,
    });
  });
});
