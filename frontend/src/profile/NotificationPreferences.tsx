import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { ApiError, errorMessage } from '../api/problem';
import type { components } from '../api/schema';
import { isValidTimeZone, timeZones } from '../lib/time';
import { Button, Checkbox, Field, FormError, Input, useToast } from '../ui';

/** GET|PATCH /auth/me: the user plus `notificationPreferences` and `timeZone`. */
export type Me = components['schemas']['MeResponse'];
type EmailPreferences = components['schemas']['EmailPreferences'];

const meKey = ['auth', 'me', 'preferences'];

const CHOICES: { key: keyof EmailPreferences; label: string; description: string }[] = [
  { key: 'reviewRequests', label: 'Review requests', description: 'Campaigns waiting for your review, and approved campaigns whose start passed unscheduled.' },
  { key: 'decisions', label: 'Decisions on my campaigns', description: 'Approved, changes requested, scheduled, live, ended or cancelled; rollout reminders.' },
  { key: 'mentions', label: 'Mentions', description: 'Someone mentions you in a comment.' },
  { key: 'digest', label: 'Daily digest', description: 'Once a day: how many campaigns wait for your review.' },
];

/** Which notifications also arrive by e-mail, and the user's time zone. Loads the current values from /auth/me. */
export function NotificationPreferencesForm() {
  const me = useQuery({ queryKey: meKey, queryFn: () => api.get<Me>('/auth/me') });
  if (me.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (me.isError) return <FormError message={errorMessage(me.error)} />;
  return <PreferencesForm me={me.data} />;
}

function PreferencesForm({ me }: { me: Me }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState<EmailPreferences>(me.notificationPreferences.email);
  const [timeZone, setTimeZone] = useState(me.timeZone);
  const [errors, setErrors] = useState<{ timeZone?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const zone = timeZone.trim();
    if (!zone || !isValidTimeZone(zone)) {
      setErrors({ timeZone: 'Choose a time zone from the list, e.g. Europe/Berlin' });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const updated = await api.patch<Me>('/auth/me', { notificationPreferences: { email }, timeZone: zone });
      if (updated) queryClient.setQueryData(meKey, updated);
      toast.success('Notification preferences saved');
    } catch (error) {
      if (error instanceof ApiError && error.hasFieldErrors) setErrors({ timeZone: error.fieldError('timeZone'), form: error.fieldError('timeZone') ? undefined : errorMessage(error) });
      else setErrors({ form: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <fieldset className="space-y-3">
        <legend className="mb-2 text-sm font-medium text-slate-700">E-mail me about</legend>
        {CHOICES.map((c) => (
          <Checkbox
            key={c.key}
            label={c.label}
            description={c.description}
            checked={email[c.key]}
            onChange={(e) => setEmail({ ...email, [c.key]: e.target.checked })}
          />
        ))}
      </fieldset>
      <p className="text-xs text-slate-500">Notifications always appear in the app; these choices are about e-mail only.</p>
      <Field label="Time zone" required error={errors.timeZone} hint="IANA name, e.g. Europe/Berlin">
        {(p) => (
          <>
            <Input {...p} list="profile-tz-list" value={timeZone} placeholder="UTC" onChange={(e) => setTimeZone(e.target.value)} />
            <datalist id="profile-tz-list">
              {timeZones().map((tz) => (
                <option key={tz} value={tz} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <FormError message={errors.form} />
      <div className="flex justify-end">
        <Button type="submit" loading={busy}>
          Save preferences
        </Button>
      </div>
    </form>
  );
}
