import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { api } from '../api';
import { ApiError, errorMessage } from '../api/problem';
import { useDocumentTitle } from '../lib/hooks';
import { Button, FormError, TextField } from '../ui';
import { useAuth } from './AuthContext';
import { Logo } from './Logo';
import { PasswordStrength } from './passwordStrength';

type Errors = { username?: string; email?: string; password?: string; form?: string };

/** Self-registration (POST /auth/register): new accounts are viewers without brands until an admin adds them. */
export default function RegisterPage() {
  useDocumentTitle('Create an account');
  const { login, status } = useAuth();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  if (status === 'authenticated') return <Navigate to="/" replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: Errors = {};
    if (!/^[A-Za-z0-9._-]{3,64}$/.test(username.trim())) next.username = '3–64 letters, digits, dots, dashes or underscores';
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) next.email = 'Enter a valid email address';
    if (password.length < 10) next.password = 'At least 10 characters';
    setErrors(next);
    if (Object.values(next).some(Boolean)) return;
    setBusy(true);
    try {
      await api.post('/auth/register', { username: username.trim(), email: email.trim(), password });
      await login(username.trim(), password);
      navigate('/', { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.hasFieldErrors) {
        // A refused password comes back with the server's reason (too guessable, and why) on the field.
        const fields = { username: error.fieldError('username'), email: error.fieldError('email'), password: error.fieldError('password') };
        setErrors({ ...fields, form: fields.username || fields.email || fields.password ? undefined : errorMessage(error) });
      } else if (error instanceof ApiError && error.status === 409) {
        setErrors({ username: error.detail ?? 'This username or email is already taken' });
      } else {
        setErrors({ form: errorMessage(error) });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="flex min-h-full flex-col justify-center px-6 py-12">
      <div className="mx-auto w-full max-w-sm">
        <div className="flex items-center gap-2.5">
          <Logo />
          <span className="text-lg font-semibold tracking-tight text-slate-900">StoreSync</span>
        </div>
        <h1 className="mt-10 text-2xl font-semibold tracking-tight text-slate-900">Create an account</h1>
        <p className="mt-2 text-sm text-slate-500">You can look around at once; an administrator gives you access to your brand's stores.</p>
        <form className="mt-8 space-y-5" onSubmit={submit} noValidate>
          <TextField label="Username" required autoComplete="username" value={username} error={errors.username} onChange={(e) => setUsername(e.target.value)} />
          <TextField label="Email" type="email" required autoComplete="email" value={email} error={errors.email} onChange={(e) => setEmail(e.target.value)} />
          <div>
            <TextField label="Password" type="password" required autoComplete="new-password" value={password} error={errors.password} hint="At least 10 characters, hard to guess." onChange={(e) => setPassword(e.target.value)} />
            <PasswordStrength password={password} userInputs={[username, email].filter(Boolean)} />
          </div>
          <FormError message={errors.form} />
          <Button type="submit" className="w-full" loading={busy}>
            Create account
          </Button>
        </form>
        <p className="mt-6 text-sm text-slate-500">
          Already have an account?{' '}
          <Link to="/login" className="font-medium text-brand-600 hover:text-brand-800">
            Sign in
          </Link>
        </p>
      </div>
    </div>
  );
}
