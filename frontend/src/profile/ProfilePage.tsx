import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { ApiError, errorMessage } from '../api/problem';
import type { CurrentUser } from '../api/types';
import { useAuth, useUser } from '../auth/AuthContext';
import { PasswordStrength } from '../auth/passwordStrength';
import { useBrandName } from '../brands/api';
import { useDocumentTitle } from '../lib/hooks';
import { ROLE_LABEL } from '../lib/labels';
import { CalendarSubscription } from '../exports/CalendarSubscription';
import { Button, Card, DescriptionList, FormError, PageHeader, TextField, useToast } from '../ui';
import { NotificationPreferencesForm } from './NotificationPreferences';

export function ProfileForm() {
  const user = useUser();
  const { setUser } = useAuth();
  const toast = useToast();
  const [displayName, setDisplayName] = useState(user.displayName ?? '');
  const [email, setEmail] = useState(user.email ?? '');
  const [errors, setErrors] = useState<{ displayName?: string; email?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (!displayName.trim()) next.displayName = 'Enter your name';
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) next.email = 'Enter a valid email address';
    setErrors(next);
    if (next.displayName || next.email) return;
    setBusy(true);
    try {
      const updated = await api.patch<CurrentUser>('/auth/me', { displayName: displayName.trim(), email: email.trim() });
      setUser(updated ?? { ...user, displayName: displayName.trim(), email: email.trim() });
      toast.success('Profile saved');
    } catch (error) {
      if (error instanceof ApiError && error.hasFieldErrors) setErrors({ displayName: error.fieldError('displayName'), email: error.fieldError('email') });
      else if (error instanceof ApiError && error.status === 409) setErrors({ email: error.detail ?? 'This email is already used' });
      else setErrors({ form: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <TextField label="Display name" required value={displayName} error={errors.displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="name" />
      <TextField label="Email" type="email" required value={email} error={errors.email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" />
      <FormError message={errors.form} />
      <div className="flex justify-end">
        <Button type="submit" loading={busy}>
          Save profile
        </Button>
      </div>
    </form>
  );
}

export function ChangePasswordForm() {
  const user = useUser();
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ currentPassword?: string; newPassword?: string; confirm?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const v: typeof errors = {};
    if (!current) v.currentPassword = 'Enter your current password';
    if (next.length < 10) v.newPassword = 'At least 10 characters';
    else if (next === current) v.newPassword = 'Choose a password different from the current one';
    if (confirm !== next) v.confirm = 'The passwords do not match';
    setErrors(v);
    if (Object.values(v).some(Boolean)) return;
    setBusy(true);
    try {
      await api.post('/auth/change-password', { currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setConfirm('');
      toast.success('Password changed');
    } catch (error) {
      if (error instanceof ApiError && error.hasFieldErrors) {
        // The server explains a refused password (too guessable, and why) as the field's error.
        const general = error.fieldError('') ?? (error.fieldError('currentPassword') || error.fieldError('newPassword') || error.fieldError('password') ? undefined : errorMessage(error));
        setErrors({ currentPassword: error.fieldError('currentPassword'), newPassword: error.fieldError('newPassword') ?? error.fieldError('password'), form: general });
      } else if (error instanceof ApiError && (error.status === 400 || error.status === 403)) {
        setErrors({ currentPassword: error.detail ?? 'The current password is not correct' });
      } else {
        setErrors({ form: errorMessage(error) });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <TextField label="Current password" type="password" required autoComplete="current-password" value={current} error={errors.currentPassword} onChange={(e) => setCurrent(e.target.value)} />
      <div>
        <TextField label="New password" type="password" required autoComplete="new-password" value={next} error={errors.newPassword} hint="At least 10 characters, hard to guess." onChange={(e) => setNext(e.target.value)} />
        <PasswordStrength password={next} userInputs={[user?.username ?? '', user?.email ?? '', user?.displayName ?? '', current].filter(Boolean)} />
      </div>
      <TextField label="Confirm new password" type="password" required autoComplete="new-password" value={confirm} error={errors.confirm} onChange={(e) => setConfirm(e.target.value)} />
      <FormError message={errors.form} />
      <div className="flex justify-end">
        <Button type="submit" loading={busy}>
          Change password
        </Button>
      </div>
    </form>
  );
}

export default function ProfilePage() {
  useDocumentTitle('Profile');
  const user = useUser();
  const brandName = useBrandName();
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader title="Profile" description="Your details, password and notifications." />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Your details">
          <ProfileForm />
        </Card>
        <Card title="Change password">
          <ChangePasswordForm />
        </Card>
        <Card title="Notifications" className="lg:col-span-2">
          <NotificationPreferencesForm />
        </Card>
        <Card title="Calendar subscription" className="lg:col-span-2">
          <CalendarSubscription />
        </Card>
        <Card title="Access" className="lg:col-span-2">
          <DescriptionList
            items={[
              { term: 'Username', value: user.username },
              { term: 'Role', value: ROLE_LABEL[user.role] },
              { term: 'Brands', value: user.role === 'admin' ? 'All brands' : user.brandIds.map(brandName).filter(Boolean).join(', ') || '—' },
              { term: 'Locations', value: user.locationIds.length ? `${user.locationIds.length} assigned` : 'All locations of your brands' },
            ]}
          />
        </Card>
      </div>
    </div>
  );
}
