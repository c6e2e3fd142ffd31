import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ChangePasswordForm } from '../profile/ProfilePage';
import { json, makeUser, mockApi, renderWithProviders } from '../test/utils';
import { UserDialog } from '../users/UserDialog';
import RegisterPage from './RegisterPage';

// Issue 14, item 7 (front end): a live zxcvbn strength hint on new-password fields, and the server's reason when it
// refuses a weak password.
describe('password strength', () => {
  it('change password: rates a guessable password as weak and says why, a long passphrase as strong', async () => {
    mockApi({});
    renderWithProviders(<ChangePasswordForm />);
    const user = userEvent.setup();
    const field = screen.getByLabelText(/^New password/);
    await user.type(field, 'password12');
    const hint = await screen.findByTestId('password-strength', {}, { timeout: 5000 });
    expect(hint).toHaveTextContent(/Password strength: (Very weak|Weak)\./);
    expect(hint).toHaveTextContent(/Too easy to guess/);
    expect(hint).toHaveTextContent(/common|Add more words/i);

    await user.clear(field);
    await user.type(field, 'quartz lantern orbit 71 mango');
    await screen.findByText(/Password strength: (Strong|Very strong)\./, {}, { timeout: 5000 });
  });

  it("change password: shows the server's reason for refusing the password on the field", async () => {
    mockApi({
      'POST /auth/change-password': () =>
        json(400, { status: 400, title: 'Validation failed', errors: { newPassword: ['This password is too easy to guess: it is a common password.'] } }),
    });
    renderWithProviders(<ChangePasswordForm />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Current password/), 'StoreSync!2026');
    await user.type(screen.getByLabelText(/^New password/), 'Summer2026!!');
    await user.type(screen.getByLabelText(/Confirm new password/), 'Summer2026!!');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('This password is too easy to guess: it is a common password.')).toBeInTheDocument();
    expect(screen.getByLabelText(/^New password/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('invite user: the initial password gets the same live hint, counting the username as guessable', async () => {
    mockApi({ 'GET /brands': () => ({ items: [], page: 1, pageSize: 100, total: 0 }) });
    renderWithProviders(<UserDialog open onClose={() => {}} />, { user: makeUser('admin') });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Username/), 'fay.brandmanager');
    await user.type(screen.getByLabelText(/Initial password/), 'fay.brandmanager1');
    const hint = await screen.findByTestId('password-strength', {}, { timeout: 5000 });
    expect(hint).toHaveTextContent(/Password strength: (Very weak|Weak|Fair)\./);
  });

  it("register: live hint while typing, and the server's reason when it refuses the password", async () => {
    const { calls } = mockApi({
      'POST /auth/register': () =>
        json(400, { status: 400, title: 'Validation failed', errors: { password: ['Too easy to guess: this is similar to a commonly used password.'] } }),
    });
    renderWithProviders(<RegisterPage />, { user: null, route: '/register' });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/^Username/), 'new.viewer');
    await user.type(screen.getByLabelText(/^Email/), 'viewer@example.test');
    await user.type(screen.getByLabelText(/^Password/), 'Password123');
    expect(await screen.findByTestId('password-strength', {}, { timeout: 5000 })).toHaveTextContent(/Password strength: (Very weak|Weak)\./);
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('Too easy to guess: this is similar to a commonly used password.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ username: 'new.viewer', email: 'viewer@example.test', password: 'Password123' });
  });
});
