import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, makeUser, mockApi, renderWithProviders } from '../test/utils';
import { ChangePasswordForm, ProfileForm } from './ProfilePage';

describe('ChangePasswordForm', () => {
  it('checks length and confirmation before calling the API', async () => {
    const { calls } = mockApi({});
    renderWithProviders(<ChangePasswordForm />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Current password/), 'StoreSync!2026');
    await user.type(screen.getByLabelText(/^New password/), 'short');
    await user.type(screen.getByLabelText(/Confirm new password/), 'different');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(screen.getByText('At least 10 characters')).toBeInTheDocument();
    expect(screen.getByText('The passwords do not match')).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it('shows the server message for a wrong current password', async () => {
    mockApi({
      'POST /auth/change-password': () =>
        json(400, { title: 'Validation failed', status: 400, errors: { currentPassword: ['The current password is not correct.'] } }),
    });
    renderWithProviders(<ChangePasswordForm />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Current password/), 'wrong-password');
    await user.type(screen.getByLabelText(/^New password/), 'AnotherPass!2027');
    await user.type(screen.getByLabelText(/Confirm new password/), 'AnotherPass!2027');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('The current password is not correct.')).toBeInTheDocument();
  });

  it('changes the password (204) and clears the form', async () => {
    const { calls } = mockApi({ 'POST /auth/change-password': () => new Response(null, { status: 204 }) });
    renderWithProviders(<ChangePasswordForm />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Current password/), 'StoreSync!2026');
    await user.type(screen.getByLabelText(/^New password/), 'AnotherPass!2027');
    await user.type(screen.getByLabelText(/Confirm new password/), 'AnotherPass!2027');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('Password changed')).toBeInTheDocument();
    expect(calls[0].body).toEqual({ currentPassword: 'StoreSync!2026', newPassword: 'AnotherPass!2027' });
    expect(screen.getByLabelText(/Current password/)).toHaveValue('');
  });
});

describe('ProfileForm', () => {
  it('saves the display name and e-mail and updates the signed-in user', async () => {
    const me = makeUser('viewer');
    const { calls } = mockApi({ 'PATCH /auth/me': ({ body }) => ({ ...me, ...(body as object) }) });
    const { auth } = renderWithProviders(<ProfileForm />, { user: me });
    const user = userEvent.setup();
    const name = screen.getByLabelText(/Display name/);
    await user.clear(name);
    await user.type(name, 'Vera Viewer');
    await user.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(await screen.findByText('Profile saved')).toBeInTheDocument();
    expect(calls[0].body).toEqual({ displayName: 'Vera Viewer', email: me.email });
    expect(auth.setUser).toHaveBeenCalledWith(expect.objectContaining({ displayName: 'Vera Viewer' }));
  });

  it('rejects an invalid e-mail locally', async () => {
    const { calls } = mockApi({});
    renderWithProviders(<ProfileForm />);
    const user = userEvent.setup();
    const email = screen.getByLabelText(/Email/);
    await user.clear(email);
    await user.type(email, 'not-an-email');
    await user.click(screen.getByRole('button', { name: 'Save profile' }));
    expect(screen.getByText('Enter a valid email address')).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });
});
