import { useEffect, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, errorMessage } from '../api/problem';
import type { Brand } from '../api/types';
import { Button, Dialog, Field, FormError, Input, Textarea, TextField, useToast } from '../ui';
import { brandsApi, type BrandInput } from './api';

const slugify = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

export function BrandForm({ brand, onSaved, onCancel }: { brand?: Brand; onSaved: (b: Brand) => void; onCancel?: () => void }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<BrandInput>(() => ({
    name: brand?.name ?? '',
    slug: brand?.slug ?? '',
    // Keep settings this form does not show, so saving never drops them.
    settings: {
      ...brand?.settings,
      voice: brand?.settings?.voice ?? '',
      guidelines: brand?.settings?.guidelines ?? '',
      approvalReminderHours: brand?.settings?.approvalReminderHours ?? 24,
    },
  }));
  const [slugTouched, setSlugTouched] = useState(!!brand);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: Record<string, string | undefined> = {};
    if (!form.name.trim()) next.name = 'Enter the brand name';
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(form.slug)) next.slug = 'Lowercase letters, digits and dashes';
    const hours = form.settings.approvalReminderHours;
    if (hours !== null && hours !== undefined && (!Number.isFinite(hours) || hours < 1)) next['settings.approvalReminderHours'] = 'At least 1 hour';
    setErrors(next);
    if (Object.values(next).some(Boolean)) return;
    setBusy(true);
    setFormError(undefined);
    try {
      const payload = form;
      const saved = brand ? await brandsApi.update(brand.id, payload) : await brandsApi.create(payload);
      queryClient.invalidateQueries({ queryKey: ['brands'] });
      toast.success(brand ? 'Brand saved' : 'Brand created', saved.name);
      onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError && error.hasFieldErrors) {
        setErrors({
          name: error.fieldError('name'),
          slug: error.fieldError('slug'),
          'settings.voice': error.fieldError('settings.voice'),
          'settings.guidelines': error.fieldError('settings.guidelines'),
          'settings.approvalReminderHours': error.fieldError('settings.approvalReminderHours'),
        });
      } else if (error instanceof ApiError && error.status === 409) {
        setErrors({ slug: error.detail ?? 'This slug is already used by another brand' });
      } else {
        setFormError(errorMessage(error));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Name"
          required
          value={form.name}
          error={errors.name}
          onChange={(e) => setForm({ ...form, name: e.target.value, slug: slugTouched ? form.slug : slugify(e.target.value) })}
        />
        <TextField
          label="Slug"
          required
          value={form.slug}
          error={errors.slug}
          hint="Used in URLs and spreadsheet drop folders"
          onChange={(e) => {
            setSlugTouched(true);
            setForm({ ...form, slug: e.target.value });
          }}
        />
      </div>
      <Field label="Brand voice" error={errors['settings.voice']} hint="How the brand sounds; the AI copywriter follows it.">
        {(p) => <Textarea {...p} rows={3} value={form.settings.voice ?? ''} onChange={(e) => setForm({ ...form, settings: { ...form.settings, voice: e.target.value } })} />}
      </Field>
      <Field label="Guidelines" error={errors['settings.guidelines']} hint="Rules every campaign must follow (claims, words to avoid, legal lines).">
        {(p) => <Textarea {...p} rows={4} value={form.settings.guidelines ?? ''} onChange={(e) => setForm({ ...form, settings: { ...form.settings, guidelines: e.target.value } })} />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Approval reminder after (hours)" error={errors['settings.approvalReminderHours']} hint="Reviewers are reminded of campaigns waiting this long.">
          {(p) => (
            <Input
              {...p}
              type="number"
              min={1}
              value={form.settings.approvalReminderHours ?? ''}
              onChange={(e) => setForm({ ...form, settings: { ...form.settings, approvalReminderHours: e.target.value === '' ? null : Number(e.target.value) } })}
            />
          )}
        </Field>
      </div>
      <FormError message={formError} />
      <div className="flex justify-end gap-3 pt-2">
        {onCancel && (
          <Button variant="secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
        )}
        <Button type="submit" loading={busy}>
          {brand ? 'Save brand' : 'Create brand'}
        </Button>
      </div>
    </form>
  );
}

export function BrandDialog({ open, onClose, brand, onSaved }: { open: boolean; onClose: () => void; brand?: Brand; onSaved?: (b: Brand) => void }) {
  const [key, setKey] = useState(0);
  useEffect(() => {
    if (open) setKey((k) => k + 1);
  }, [open]);
  return (
    <Dialog open={open} onClose={onClose} title={brand ? 'Edit brand' : 'New brand'} size="lg">
      <BrandForm
        key={key}
        brand={brand}
        onCancel={onClose}
        onSaved={(b) => {
          onSaved?.(b);
          onClose();
        }}
      />
    </Dialog>
  );
}
