import { useEffect, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, errorMessage } from '../api/problem';
import type { Location } from '../api/types';
import { isValidTimeZone, timeZones } from '../lib/time';
import { Button, Checkbox, Dialog, Field, FormError, Input, Textarea, TextField, useToast } from '../ui';
import { locationsApi, type LocationInput } from './api';

interface FormState {
  name: string;
  storeNumber: string;
  street: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
  timeZone: string;
  latitude: string;
  longitude: string;
  attributes: string;
  isActive: boolean;
}

function toForm(l?: Location): FormState {
  return {
    name: l?.name ?? '',
    storeNumber: l?.storeNumber ?? '',
    street: l?.address?.street ?? '',
    city: l?.address?.city ?? '',
    state: l?.address?.state ?? '',
    postalCode: l?.address?.postalCode ?? '',
    country: l?.address?.country ?? 'US',
    timeZone: l?.timeZone ?? '',
    latitude: l?.latitude?.toString() ?? '',
    longitude: l?.longitude?.toString() ?? '',
    attributes: l && Object.keys(l.attributes ?? {}).length ? JSON.stringify(l.attributes, null, 2) : '',
    isActive: l?.isActive ?? true,
  };
}

/** Client-side checks; the API's validation messages are shown on the same fields. */
export function validateLocation(f: FormState): Record<string, string> {
  const e: Record<string, string> = {};
  if (!f.name.trim()) e.name = 'Enter the store name';
  if (!f.storeNumber.trim()) e.storeNumber = 'Enter the store number';
  if (!f.timeZone.trim()) e.timeZone = 'Choose the store time zone';
  else if (!isValidTimeZone(f.timeZone.trim())) e.timeZone = 'Use an IANA time zone such as America/Chicago';
  if (f.latitude && (Number.isNaN(Number(f.latitude)) || Math.abs(Number(f.latitude)) > 90)) e.latitude = 'Between -90 and 90';
  if (f.longitude && (Number.isNaN(Number(f.longitude)) || Math.abs(Number(f.longitude)) > 180)) e.longitude = 'Between -180 and 180';
  if (f.attributes.trim()) {
    try {
      const parsed = JSON.parse(f.attributes);
      if (typeof parsed !== 'object' || Array.isArray(parsed) || parsed === null) e.attributes = 'Must be a JSON object, e.g. {"format": "drive-thru"}';
    } catch {
      e.attributes = 'Not valid JSON';
    }
  }
  return e;
}

function toInput(f: FormState): LocationInput {
  return {
    name: f.name.trim(),
    storeNumber: f.storeNumber.trim(),
    address: { street: f.street.trim(), city: f.city.trim(), state: f.state.trim(), postalCode: f.postalCode.trim(), country: f.country.trim() },
    timeZone: f.timeZone.trim(),
    latitude: f.latitude === '' ? null : Number(f.latitude),
    longitude: f.longitude === '' ? null : Number(f.longitude),
    attributes: f.attributes.trim() ? JSON.parse(f.attributes) : {},
    isActive: f.isActive,
  };
}

const API_FIELD: Record<string, string> = {
  'address.street': 'street',
  'address.city': 'city',
  'address.state': 'state',
  'address.postalCode': 'postalCode',
  'address.country': 'country',
};

export function LocationDialog({ open, onClose, brandId, location }: { open: boolean; onClose: () => void; brandId: string; location?: Location & { etag?: string } }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<FormState>(() => toForm(location));
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (open) {
      setForm(toForm(location));
      setErrors({});
      setFormError(undefined);
    }
  }, [open, location]);

  const set = (patch: Partial<FormState>) => setForm((f) => ({ ...f, ...patch }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const v = validateLocation(form);
    setErrors(v);
    if (Object.keys(v).length) return;
    setBusy(true);
    setFormError(undefined);
    try {
      const saved = location ? await locationsApi.update(brandId, location.id, toInput(form), location.etag) : await locationsApi.create(brandId, toInput(form));
      queryClient.invalidateQueries({ queryKey: ['locations'] });
      queryClient.invalidateQueries({ queryKey: ['location', brandId, saved.id] });
      toast.success(location ? 'Location saved' : 'Location added', saved.name);
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.hasFieldErrors) {
        const mapped: Record<string, string | undefined> = {};
        for (const key of Object.keys(error.fieldErrors)) mapped[API_FIELD[key] ?? key] = error.fieldError(key);
        setErrors(mapped);
        const known = ['name', 'storeNumber', 'street', 'city', 'state', 'postalCode', 'country', 'timeZone', 'latitude', 'longitude', 'attributes'];
        if (!Object.keys(mapped).some((k) => known.includes(k))) setFormError(errorMessage(error));
      } else if (error instanceof ApiError && error.status === 409) {
        setErrors({ storeNumber: error.detail ?? 'Another location of this brand already uses this store number' });
      } else {
        setFormError(errorMessage(error));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onClose={onClose} title={location ? `Edit ${location.name}` : 'Add location'} size="lg" dismissible={!busy}>
      <form onSubmit={submit} noValidate className="space-y-5">
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField label="Store name" required containerClassName="sm:col-span-2" value={form.name} error={errors.name} onChange={(e) => set({ name: e.target.value })} />
          <TextField label="Store number" required value={form.storeNumber} error={errors.storeNumber} onChange={(e) => set({ storeNumber: e.target.value })} />
        </div>
        <fieldset className="space-y-4">
          <legend className="mb-1 text-sm font-semibold text-slate-900">Address</legend>
          <TextField label="Street" value={form.street} error={errors.street} autoComplete="street-address" onChange={(e) => set({ street: e.target.value })} />
          <div className="grid gap-4 sm:grid-cols-4">
            <TextField label="City" containerClassName="sm:col-span-2" value={form.city} error={errors.city} onChange={(e) => set({ city: e.target.value })} />
            <TextField label="State" value={form.state} error={errors.state} onChange={(e) => set({ state: e.target.value })} />
            <TextField label="Postal code" value={form.postalCode} error={errors.postalCode} onChange={(e) => set({ postalCode: e.target.value })} />
          </div>
          <div className="grid gap-4 sm:grid-cols-4">
            <TextField label="Country" value={form.country} error={errors.country} onChange={(e) => set({ country: e.target.value })} />
            <Field label="Time zone" required error={errors.timeZone} className="sm:col-span-3" hint="IANA name; campaigns start and end in this zone">
              {(p) => (
                <>
                  <Input {...p} list="tz-list" value={form.timeZone} placeholder="America/Chicago" onChange={(e) => set({ timeZone: e.target.value })} />
                  <datalist id="tz-list">
                    {timeZones().map((tz) => (
                      <option key={tz} value={tz} />
                    ))}
                  </datalist>
                </>
              )}
            </Field>
          </div>
          <div className="grid gap-4 sm:grid-cols-4">
            <TextField label="Latitude" inputMode="decimal" value={form.latitude} error={errors.latitude} onChange={(e) => set({ latitude: e.target.value })} />
            <TextField label="Longitude" inputMode="decimal" value={form.longitude} error={errors.longitude} onChange={(e) => set({ longitude: e.target.value })} />
          </div>
        </fieldset>
        <Field label="Attributes (JSON)" error={errors.attributes} hint='Free-form facts used to target roll-outs, e.g. {"format": "drive-thru", "region": "midwest"}'>
          {(p) => <Textarea {...p} rows={3} className="font-mono text-xs" value={form.attributes} onChange={(e) => set({ attributes: e.target.value })} />}
        </Field>
        <Checkbox label="Active" description="Inactive stores are skipped by roll-outs." checked={form.isActive} onChange={(e) => set({ isActive: e.target.checked })} />
        <FormError message={formError} />
        <div className="flex justify-end gap-3 border-t border-slate-100 pt-4">
          <Button variant="secondary" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {location ? 'Save location' : 'Add location'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
