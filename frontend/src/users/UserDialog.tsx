import { useEffect, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, errorMessage } from '../api/problem';
import { PasswordStrength } from '../auth/passwordStrength';
import type { Location, Role, User } from '../api/types';
import { useBrands } from '../brands/api';
import { LocationPicker } from '../locations/LocationPicker';
import { ROLE_LABEL } from '../lib/labels';
import { Button, Checkbox, Dialog, Field, FormError, Select, TextField, useToast } from '../ui';
import { usersApi, type UserInput } from './api';

const ROLES: Role[] = ['admin', 'brandManager', 'locationManager', 'viewer'];
const ROLE_HELP: Record<Role, string> = {
  admin: 'Everything, in every brand, including users.',
  brandManager: 'Manages stores, templates and campaigns; approves, rejects and schedules.',
  locationManager: 'Creates, edits and submits campaigns for their stores.',
  viewer: 'Read-only access to their brands.',
};

export function validateUser(f: UserInput, isNew: boolean): Record<string, string> {
  const e: Record<string, string> = {};
  if (isNew && !/^[a-zA-Z0-9._-]{3,64}$/.test(f.username)) e.username = '3–64 letters, digits, dots, dashes or underscores';
  if (f.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(f.email)) e.email = 'Enter a valid email address';
  if (isNew && (f.password ?? '').length < 10) e.password = 'At least 10 characters';
  if (f.role !== 'admin' && f.brandIds.length === 0) e.brandIds = 'Choose at least one brand';
  return e;
}

export function UserDialog({ open, onClose, user }: { open: boolean; onClose: () => void; user?: User }) {
  const isNew = !user;
  const toast = useToast();
  const queryClient = useQueryClient();
  const brands = useBrands();
  const blank: UserInput = { username: '', email: '', displayName: '', role: 'locationManager', brandIds: [], locationIds: [], isActive: true, password: '' };
  const [form, setForm] = useState<UserInput>(blank);
  const [locations, setLocations] = useState<Map<string, Location>>(new Map());
  const [limitLocations, setLimitLocations] = useState(false);
  const [pickerBrand, setPickerBrand] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    const f: UserInput = user
      ? { username: user.username, email: user.email ?? '', displayName: user.displayName ?? '', role: user.role, brandIds: user.brandIds, locationIds: user.locationIds, isActive: user.isActive }
      : blank;
    setForm(f);
    // Existing assignments are known by id only; the picker needs just the ids to show them ticked.
    setLocations(new Map(f.locationIds.map((id) => [id, { id } as Location])));
    setLimitLocations(f.locationIds.length > 0);
    setPickerBrand(f.brandIds[0] ?? '');
    setErrors({});
    setFormError(undefined);
  }, [open, user]);

  const toggleBrand = (id: string) => {
    setErrors((e) => ({ ...e, brandIds: undefined }));
    const brandIds = form.brandIds.includes(id) ? form.brandIds.filter((b) => b !== id) : [...form.brandIds, id];
    setForm({ ...form, brandIds });
    if (!brandIds.includes(pickerBrand)) setPickerBrand(brandIds[0] ?? '');
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const payload: UserInput = {
      ...form,
      username: form.username.trim(),
      email: form.email?.trim() || undefined,
      displayName: form.displayName?.trim() || undefined,
      brandIds: form.role === 'admin' ? [] : form.brandIds,
      locationIds: form.role === 'locationManager' && limitLocations ? [...locations.keys()] : [],
    };
    if (!isNew) delete payload.password;
    const v = validateUser(payload, isNew);
    setErrors(v);
    if (Object.keys(v).length) return;
    setBusy(true);
    setFormError(undefined);
    try {
      if (isNew) await usersApi.create(payload);
      else {
        const { username: _username, ...patch } = payload;
        void _username;
        await usersApi.update(user!.id, patch);
      }
      queryClient.invalidateQueries({ queryKey: ['users'] });
      toast.success(isNew ? 'User created' : 'User saved', payload.displayName ?? payload.username);
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.hasFieldErrors) {
        const fe: Record<string, string | undefined> = {};
        for (const key of Object.keys(error.fieldErrors)) fe[key] = error.fieldError(key);
        setErrors(fe);
        if (!['username', 'email', 'displayName', 'password', 'role', 'brandIds', 'locationIds'].some((k) => fe[k])) setFormError(errorMessage(error));
      } else if (error instanceof ApiError && error.status === 409) {
        setErrors({ username: error.detail ?? 'This username or email is already taken' });
      } else {
        setFormError(errorMessage(error));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onClose={onClose} title={isNew ? 'Invite user' : `Edit ${user?.displayName || user?.username}`} size="lg" dismissible={!busy}>
      <form onSubmit={submit} noValidate className="space-y-5">
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="Username" required={isNew} disabled={!isNew} autoComplete="off" value={form.username} error={errors.username} onChange={(e) => setForm({ ...form, username: e.target.value })} />
          <TextField label="Display name" value={form.displayName ?? ""} error={errors.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} />
          <TextField label="Email" type="email" value={form.email ?? ""} error={errors.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
          {isNew && (
            <TextField
              label="Initial password"
              type="password"
              required
              autoComplete="new-password"
              value={form.password ?? ''}
              error={errors.password}
              hint="At least 10 characters, hard to guess; the user can change it in their profile."
              onChange={(e) => setForm({ ...form, password: e.target.value })}
            />
          )}
          {isNew && (
            <div className="sm:col-span-2 -mt-2">
              <PasswordStrength password={form.password ?? ''} userInputs={[form.username, form.email ?? '', form.displayName ?? ''].filter(Boolean)} />
            </div>
          )}
        </div>
        <Field label="Role" required error={errors.role} hint={ROLE_HELP[form.role]}>
          {(p) => (
            <Select {...p} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABEL[r]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {form.role !== 'admin' && (
          <fieldset>
            <legend className="mb-2 text-sm font-medium text-slate-700">
              Brands <span className="text-rose-500" aria-hidden="true">*</span>
            </legend>
            <div className="grid gap-2 sm:grid-cols-2">
              {brands.data?.items.map((b) => (
                <Checkbox key={b.id} label={b.name} checked={form.brandIds.includes(b.id)} onChange={() => toggleBrand(b.id)} />
              ))}
            </div>
            {errors.brandIds && <p className="mt-1.5 text-xs font-medium text-rose-600">{errors.brandIds}</p>}
          </fieldset>
        )}
        {form.role === 'locationManager' && form.brandIds.length > 0 && (
          <div className="space-y-3 rounded-lg bg-slate-50 p-4">
            <Checkbox
              label="Limit to specific locations"
              description="Otherwise the user works with every location of their brands."
              checked={limitLocations}
              onChange={(e) => setLimitLocations(e.target.checked)}
            />
            {limitLocations && (
              <>
                {form.brandIds.length > 1 && (
                  <Select aria-label="Brand for location choice" value={pickerBrand} onChange={(e) => setPickerBrand(e.target.value)} className="sm:w-60">
                    {form.brandIds.map((id) => (
                      <option key={id} value={id}>
                        {brands.data?.items.find((b) => b.id === id)?.name ?? id}
                      </option>
                    ))}
                  </Select>
                )}
                {pickerBrand && <LocationPicker brandId={pickerBrand} multiple selected={locations} onChange={(next) => {
                        setLocations(next);
                        setErrors((e) => ({ ...e, locationIds: undefined }));
                      }} label="Assigned locations" />}
                {errors.locationIds && <p className="text-xs font-medium text-rose-600">{errors.locationIds}</p>}
              </>
            )}
          </div>
        )}
        <Checkbox label="Active" description="Inactive users cannot sign in." checked={form.isActive} onChange={(e) => setForm({ ...form, isActive: e.target.checked })} />
        <FormError message={formError} />
        <div className="flex justify-end gap-3 border-t border-slate-100 pt-4">
          <Button variant="secondary" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {isNew ? 'Create user' : 'Save user'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
