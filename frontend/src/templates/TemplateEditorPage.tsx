import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, errorMessage } from '../api/problem';
import type { Template, TemplateVariable } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { BrandSelect } from '../brands/BrandSelect';
import { CustomizationFields, initialCustomizations, toCustomizations, validateCustomizations, type CustomizationValues } from '../campaigns/CustomizationFields';
import { useLocations } from '../locations/api';
import { cn } from '../lib/cn';
import { useDocumentTitle } from '../lib/hooks';
import { Button, ButtonLink, Card, Checkbox, ConfirmDialog, ErrorState, Field, FormError, Icon, Input, PageHeader, PageLoader, Select, Textarea, useToast } from '../ui';
import { templatesApi, useTemplate, useTemplates, type TemplateInput } from './api';
import { PreviewPanel } from './PreviewPanel';
import { VariablesEditor } from './VariablesEditor';
import { cleanOffer, type OfferSpec } from '../offers/api';
import { OfferCard } from '../offers/OfferEditor';
import { BUILT_INS, inferVariableType, labelFromName, previewDeclarations, usedVariables, validateVariables } from './variables';

const EMPTY: TemplateInput = { brandId: '', name: '', description: '', campaignType: 'email', content: '', variables: [], isActive: true };

function toInput(t: Template): TemplateInput {
  return {
    brandId: t.brandId,
    name: t.name,
    description: t.description ?? '',
    campaignType: t.campaignType,
    content: t.content,
    variables: t.variables.map((v) => ({ ...v, default: v.default ?? null })),
    isActive: t.isActive,
    offer: (t.offer as OfferSpec | null | undefined) ?? null,
  };
}

function normaliseVariables(vars: TemplateVariable[]): TemplateVariable[] {
  return vars.map((v) => ({
    ...v,
    label: v.label.trim() || labelFromName(v.name),
    default: v.default === '' || v.default === null || v.default === undefined ? null : (v.type === 'number' || v.type === 'percent') && !Number.isNaN(Number(v.default)) ? Number(v.default) : String(v.default),
  }));
}

function VariableChips({ content, variables, onInsert, onDeclare, readOnly }: { content: string; variables: TemplateVariable[]; onInsert: (name: string) => void; onDeclare: (name: string) => void; readOnly?: boolean }) {
  const used = useMemo(() => usedVariables(content), [content]);
  const declared = variables.filter((v) => v.name).map((v) => v.name);
  const undeclared = used.filter((u) => !declared.includes(u) && !BUILT_INS.includes(u) && !u.startsWith('offer.'));
  return (
    <div className="space-y-2">
    <div className="flex flex-wrap items-center gap-1.5" aria-label="Variables">
      <span className="mr-1 text-xs font-medium text-slate-500">Variables</span>
      {declared.map((name) => {
        const isUsed = used.includes(name);
        return (
          <button
            key={name}
            type="button"
            disabled={readOnly}
            onClick={() => onInsert(name)}
            title={readOnly ? undefined : `Insert {{${name}}} at the cursor`}
            className={cn(
              'inline-flex items-center gap-1 rounded-full px-2.5 py-1 font-mono text-xs ring-1 ring-inset transition',
              isUsed ? 'bg-brand-50 text-brand-800 ring-brand-200 hover:bg-brand-100' : 'bg-white text-slate-500 ring-slate-300 ring-dashed hover:bg-slate-50',
              readOnly && 'cursor-default',
            )}
          >
            {!readOnly && <Icon name="plus" className="size-3" />}
            {name}
            {!isUsed && <span className="sr-only"> (declared, not used)</span>}
          </button>
        );
      })}
      {undeclared.map((name) => (
        <button
          key={name}
          type="button"
          disabled={readOnly}
          onClick={() => onDeclare(name)}
          title="Used in the content but not declared. Click to declare it (or it may come from the location)."
          className="inline-flex items-center gap-1 rounded-full bg-amber-50 px-2.5 py-1 font-mono text-xs text-amber-800 ring-1 ring-amber-300 ring-inset hover:bg-amber-100"
        >
          {name}
          <span className="font-sans">{readOnly ? '· undeclared' : '· declare'}</span>
        </button>
      ))}
      {declared.length === 0 && undeclared.length === 0 && <span className="text-xs text-slate-400">Type {'{{name}}'} in the content to use a variable.</span>}
    </div>
    <div className="flex flex-wrap items-center gap-1.5" aria-label="Store fields">
      <span className="mr-1 text-xs font-medium text-slate-500">From the store</span>
      {BUILT_INS.map((name) => (
        <button
          key={name}
          type="button"
          disabled={readOnly}
          onClick={() => onInsert(name)}
          title={readOnly ? undefined : `Insert {{${name}}}: filled in from each store`}
          className={cn(
            'inline-flex items-center gap-1 rounded-full px-2.5 py-1 font-mono text-xs ring-1 ring-inset',
            used.includes(name) ? 'bg-slate-100 text-slate-800 ring-slate-300' : 'bg-white text-slate-500 ring-slate-200 hover:bg-slate-50',
            readOnly && 'cursor-default',
          )}
        >
          {name}
        </button>
      ))}
    </div>
    </div>
  );
}

export default function TemplateEditorPage() {
  const { templateId } = useParams();
  const isNew = !templateId;
  const { can } = useAuth();
  const canManage = can('templates.manage');
  const readOnly = !canManage;
  const navigate = useNavigate();
  const toast = useToast();
  const queryClient = useQueryClient();
  const existing = useTemplate(templateId);
  const [form, setForm] = useState<TemplateInput>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [previewLocation, setPreviewLocation] = useState('');
  const [samples, setSamples] = useState<CustomizationValues>({});
  const contentRef = useRef<HTMLTextAreaElement>(null);
  const types = useTemplates({ pageSize: 100 });
  useDocumentTitle(isNew ? 'New template' : (existing.data?.name ?? 'Template'));

  useEffect(() => {
    if (existing.data) setForm(toInput(existing.data));
  }, [existing.data]);

  const locations = useLocations(form.brandId || undefined, { pageSize: 100, sort: 'name', isActive: 'true' });
  useEffect(() => {
    if (!previewLocation && locations.data?.items.length) setPreviewLocation(locations.data.items[0].id);
  }, [locations.data, previewLocation]);

  const validVars = useMemo(() => form.variables.filter((v) => v.name), [form.variables]);
  // Sample values start at each variable's default and follow it when the default changes; a value
  // typed into the sample form stays until then.
  const seededDefaults = useRef<Record<string, string>>({});
  useEffect(() => {
    const defaults = initialCustomizations(validVars);
    const previous = seededDefaults.current;
    seededDefaults.current = defaults;
    setSamples((prev) => {
      const next: CustomizationValues = {};
      for (const [name, value] of Object.entries(defaults)) {
        next[name] = name in prev && previous[name] === value ? prev[name] : value;
      }
      return next;
    });
  }, [validVars]);

  const previewRequest = useMemo(
    () => ({
      content: form.content,
      variables: previewDeclarations(normaliseVariables(validVars)),
      sampleData: toCustomizations(validVars, samples),
      brandId: form.brandId || undefined,
      locationId: previewLocation || undefined,
      offer: form.offer ? cleanOffer(form.offer) : undefined,
    }),
    [form.content, validVars, samples, form.brandId, previewLocation, form.offer],
  );

  // Sample values are checked by type as they are typed (blanks are fine: the preview shows the gap).
  const sampleErrors = useMemo(() => {
    const all = validateCustomizations(normaliseVariables(validVars), samples);
    return Object.fromEntries(Object.entries(all).filter(([name]) => (samples[name] ?? '').trim() !== ''));
  }, [validVars, samples]);

  const insert = (name: string) => {
    const el = contentRef.current;
    const token = `{{${name}}}`;
    const start = el?.selectionStart ?? form.content.length;
    const end = el?.selectionEnd ?? form.content.length;
    const content = form.content.slice(0, start) + token + form.content.slice(end);
    setForm({ ...form, content });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  };
  const declare = (name: string) =>
    setForm({ ...form, variables: [...form.variables, { name, label: labelFromName(name), type: inferVariableType(name, form.content), required: false, default: null }] });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: Record<string, string | undefined> = { ...validateVariables(form.variables) };
    if (!form.name.trim()) next.name = 'Give the template a name';
    if (!form.brandId) next.brandId = 'Choose a brand';
    if (!form.content.trim()) next.content = 'Write the template content';
    if (!form.campaignType.trim()) next.campaignType = 'Choose a campaign type';
    setErrors(next);
    if (Object.values(next).some(Boolean)) return;
    setBusy(true);
    setFormError(undefined);
    const payload: TemplateInput = { ...form, name: form.name.trim(), variables: normaliseVariables(form.variables), offer: form.offer ? cleanOffer(form.offer) : undefined };
    try {
      const saved = isNew ? await templatesApi.create(payload) : await templatesApi.update(templateId!, payload);
      queryClient.invalidateQueries({ queryKey: ['templates'] });
      queryClient.setQueryData(['template', saved.id], saved);
      toast.success(isNew ? 'Template created' : 'Template saved', saved.name);
      if (isNew) navigate(`/templates/${saved.id}`, { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.hasFieldErrors) {
        const fe: Record<string, string | undefined> = {};
        for (const key of Object.keys(error.fieldErrors)) fe[key] = error.fieldError(key);
        setErrors(fe);
        setFormError(Object.keys(fe).some((k) => ['name', 'content', 'brandId', 'campaignType', 'description'].includes(k) || k.startsWith('variables') || k.startsWith('offer')) ? undefined : errorMessage(error));
      } else if (error instanceof ApiError && error.status === 400) {
        setErrors({ content: error.detail ?? error.title });
      } else {
        setFormError(errorMessage(error));
      }
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    try {
      await templatesApi.remove(templateId!);
      queryClient.invalidateQueries({ queryKey: ['templates'] });
      toast.success('Template deleted');
      navigate('/templates', { replace: true });
    } catch (e) {
      toast.error('Could not delete the template', errorMessage(e));
      setConfirmDelete(false);
    }
  };

  if (!isNew && existing.isLoading) return <PageLoader />;
  if (!isNew && existing.error) return <ErrorState error={existing.error} onRetry={() => existing.refetch()} what="template" />;

  const typeOptions = [...new Set(['email', 'sms', 'social', 'inStore', ...(types.data?.items.map((t) => t.campaignType) ?? [])])];

  return (
    <div>
      <PageHeader
        breadcrumbs={[{ label: 'Templates', to: '/templates' }, { label: isNew ? 'New' : (existing.data?.name ?? '') }]}
        title={isNew ? 'New template' : existing.data?.name}
        description={readOnly ? 'Read-only: brand managers maintain templates.' : 'Write the content with {{variables}}; stores fill them in per campaign.'}
        actions={
          <>
            {!isNew && can('campaigns.create') && existing.data?.isActive && (
              <ButtonLink to={`/campaigns/new?templateId=${templateId}&mode=rollout`} variant="secondary" icon={<Icon name="megaphone" className="size-4" />}>
                Use template
              </ButtonLink>
            )}
            {!isNew && canManage && (
              <Button variant="ghost" onClick={() => setConfirmDelete(true)} icon={<Icon name="trash" className="size-4" />}>
                Delete
              </Button>
            )}
          </>
        }
      />
      <form onSubmit={submit} noValidate className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <div className="space-y-6">
          <Card title="Template">
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Name" required error={errors.name} className="sm:col-span-2">
                {(p) => <Input {...p} value={form.name} readOnly={readOnly} onChange={(e) => setForm({ ...form, name: e.target.value })} />}
              </Field>
              {isNew && (
                <Field label="Brand" required error={errors.brandId} className="hidden has-[select]:block">
                  {(p) => <BrandSelect id={p.id} value={form.brandId} onChange={(brandId) => setForm((f) => ({ ...f, brandId }))} />}
                </Field>
              )}
              <Field label="Campaign type" required error={errors.campaignType}>
                {(p) => (
                  <>
                    <Input {...p} list="campaign-types" value={form.campaignType} readOnly={readOnly} onChange={(e) => setForm({ ...form, campaignType: e.target.value })} />
                    <datalist id="campaign-types">
                      {typeOptions.map((t) => (
                        <option key={t} value={t} />
                      ))}
                    </datalist>
                  </>
                )}
              </Field>
              <Field label="Description" error={errors.description} className="sm:col-span-2">
                {(p) => <Textarea {...p} rows={2} value={form.description} readOnly={readOnly} onChange={(e) => setForm({ ...form, description: e.target.value })} />}
              </Field>
              <Checkbox
                className="sm:col-span-2"
                label="Active"
                description="Only active templates can be used for new campaigns."
                checked={form.isActive}
                disabled={readOnly}
                onChange={(e) => setForm({ ...form, isActive: e.target.checked })}
              />
            </div>
          </Card>

          <Card title="Content">
            <div className="space-y-3">
              <VariableChips content={form.content} variables={form.variables} onInsert={insert} onDeclare={declare} readOnly={readOnly} />
              <Field label="Template content" required error={errors.content} hint="Use {{name}} for variables. Store fields (locationName, city, …) are filled in per store.">
                {(p) => (
                  <Textarea
                    {...p}
                    ref={contentRef}
                    rows={14}
                    spellCheck
                    readOnly={readOnly}
                    value={form.content}
                    onChange={(e) => setForm({ ...form, content: e.target.value })}
                    className="font-mono text-[13px] leading-relaxed"
                  />
                )}
              </Field>
            </div>
          </Card>

          <Card title="Declared variables">
            <VariablesEditor
              variables={form.variables}
              onChange={(variables) => {
                setForm({ ...form, variables });
                // A variable's message goes as soon as its row is valid again.
                const still = validateVariables(variables);
                setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith('variables[') || still[k])));
              }}
              errors={errors}
              readOnly={readOnly}
              inferType={(name) => inferVariableType(name, form.content)}
            />
          </Card>

          {form.brandId && (
            <OfferCard value={form.offer ?? null} onChange={(offer) => setForm({ ...form, offer })} locationId={previewLocation || undefined} errors={errors} readOnly={readOnly} />
          )}

          {!readOnly && (
            <div className="space-y-3">
              <FormError message={formError} />
              <div className="flex justify-end gap-3">
                <ButtonLink to="/templates" variant="secondary">
                  Cancel
                </ButtonLink>
                <Button type="submit" loading={busy}>
                  {isNew ? 'Create template' : 'Save template'}
                </Button>
              </div>
            </div>
          )}
        </div>

        <div>
          <div className="space-y-6 xl:sticky xl:top-24">
            <Card
              title="Live preview"
              actions={
                <Select aria-label="Preview location" value={previewLocation} onChange={(e) => setPreviewLocation(e.target.value)} className="h-8 w-52 py-1 text-xs" disabled={!locations.data?.items.length}>
                  {!locations.data?.items.length && <option value="">No locations</option>}
                  {locations.data?.items.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.name} (#{l.storeNumber})
                    </option>
                  ))}
                </Select>
              }
            >
              <PreviewPanel request={previewRequest} enabled={!!form.brandId} emptyHint="Choose a brand to preview." />
            </Card>
            {validVars.length > 0 && (
              <Card title="Sample values">
                <CustomizationFields variables={normaliseVariables(validVars)} values={samples} onChange={setSamples} errors={sampleErrors} live />
              </Card>
            )}
          </div>
        </div>
      </form>

      <ConfirmDialog
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        onConfirm={remove}
        variant="danger"
        title="Delete this template?"
        description="Existing campaigns keep their content. The template can no longer be used for new campaigns."
        confirmLabel="Delete template"
      />
    </div>
  );
}
