import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, errorMessage } from '../api/problem';
import { useDocumentTitle } from '../lib/hooks';
import { Button, FormError, TextField } from '../ui';
import { useAuth } from './AuthContext';
import { Logo } from './Logo';

function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function LoginPage() {
  useDocumentTitle('Sign in');
  const { login, status, expired } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ username?: string; password?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  if (status === 'authenticated') return <Navigate to={safeNext(params.get('next'))} replace />;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (!username.trim()) next.username = 'Enter your username';
    if (!password) next.password = 'Enter your password';
    setErrors(next);
    if (next.username || next.password) return;
    setBusy(true);
    try {
      await login(username.trim(), password);
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 400) && !error.hasFieldErrors) {
        setErrors({ form: 'Incorrect username or password.' });
      } else if (error instanceof ApiError && error.hasFieldErrors) {
        setErrors({ username: error.fieldError('username'), password: error.fieldError('password') });
      } else if (error instanceof ApiError && error.status === 429) {
        setErrors({ form: 'Too many attempts. Wait a minute and try again.' });
      } else {
        setErrors({ form: errorMessage(error) });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="flex min-h-full">
      <div className="flex flex-1 flex-col justify-center px-6 py-12 sm:px-12 lg:flex-none lg:px-20 xl:px-24">
        <div className="mx-auto w-full max-w-sm">
          <div className="flex items-center gap-2.5">
            <Logo />
            <span className="text-lg font-semibold tracking-tight text-slate-900">StoreSync</span>
          </div>
          <h1 className="mt-10 text-2xl font-semibold tracking-tight text-slate-900">Sign in to your account</h1>
          <p className="mt-2 text-sm text-slate-500">Campaigns for every store, approved and on schedule.</p>

          {expired && (
            <div role="status" className="mt-6 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200">
              Your session has expired. Please sign in again.
            </div>
          )}

          <form className="mt-8 space-y-5" onSubmit={onSubmit} noValidate>
            <TextField
              label="Username"
              name="username"
              autoComplete="username"
              autoFocus
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              error={errors.username}
            />
            <TextField
              label="Password"
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={errors.password}
            />
            <FormError message={errors.form} />
            <Button type="submit" className="w-full" loading={busy}>
              Sign in
            </Button>
          </form>
          <p className="mt-6 text-sm text-slate-500">
            New here?{' '}
            <Link to="/register" className="font-medium text-brand-600 hover:text-brand-800">
              Create an account
            </Link>
          </p>
        </div>
      </div>
      <div className="relative hidden flex-1 overflow-hidden bg-brand-950 lg:block" aria-hidden="true">
        <div className="absolute inset-0 bg-[radial-gradient(circle_at_30%_20%,rgba(99,102,241,0.55),transparent_55%),radial-gradient(circle_at_80%_80%,rgba(16,185,129,0.25),transparent_50%)]" />
        <div className="relative flex h-full flex-col justify-end p-16 text-white">
          <div className="max-w-md space-y-3 rounded-2xl bg-white/10 p-6 ring-1 ring-white/15 backdrop-blur">
            <p className="text-xs font-medium tracking-wider text-brand-200 uppercase">Holiday Promo · 48 stores</p>
            <p className="text-lg leading-snug font-medium">
              “Roll out once, adapt per store, approve in minutes. Every store goes live at 9:00 local time.”
            </p>
            <div className="flex gap-2 pt-2 text-xs">
              <span className="rounded-full bg-emerald-400/20 px-2 py-0.5 text-emerald-200">42 active</span>
              <span className="rounded-full bg-amber-400/20 px-2 py-0.5 text-amber-200">4 pending review</span>
              <span className="rounded-full bg-indigo-400/20 px-2 py-0.5 text-indigo-200">2 scheduled</span>
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}
