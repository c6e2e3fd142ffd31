import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/problem';
import { fakeAuth, makeUser, renderWithProviders } from '../test/utils';
import LoginPage from './LoginPage';

describe('LoginPage', () => {
  it('asks for both fields before calling the API', async () => {
    const auth = fakeAuth(null);
    renderWithProviders(<LoginPage />, { auth, user: null });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByText('Enter your username')).toBeInTheDocument();
    expect(screen.getByText('Enter your password')).toBeInTheDocument();
    expect(screen.getByLabelText('Username')).toHaveAttribute('aria-invalid', 'true');
    expect(auth.login).not.toHaveBeenCalled();
  });

  it('explains a wrong password', async () => {
    const auth = fakeAuth(null);
    vi.mocked(auth.login).mockRejectedValue(new ApiError(401, { title: 'Unauthorized', detail: 'Invalid username or password.' }));
    renderWithProviders(<LoginPage />, { auth, user: null });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Username'), 'lm.northwind');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Incorrect username or password.');
    expect(auth.login).toHaveBeenCalledWith('lm.northwind', 'wrong');
  });

  it('signs in and goes to the page the user asked for', async () => {
    const auth = fakeAuth(null);
    vi.mocked(auth.login).mockResolvedValue(makeUser('locationManager'));
    renderWithProviders(<LoginPage />, { auth, user: null, route: '/login?next=%2Fcampaigns', path: '/login' });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Username'), ' lm.northwind ');
    await user.type(screen.getByLabelText('Password'), 'StoreSync!2026');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByTestId('elsewhere')).toBeInTheDocument();
    expect(auth.login).toHaveBeenCalledWith('lm.northwind', 'StoreSync!2026');
  });
});
