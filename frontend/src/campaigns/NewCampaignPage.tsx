import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, errorMessage } from '../api/problem';
import type { BulkCreateResult, Location } from '../api/types';
import { BrandSelect } from '../brands/BrandSelect';
import { typedAttributeValue, useLocations } from '../locations/api';
import { LocationPicker } from '../locations/LocationPicker';
import { useTemplate, useTemplates } from '../templates/api';
import { PreviewPanel } from '../templates/PreviewPanel';
import { previewDeclarations } from '../templates/variables';
import { cn } from '../lib/cn';
import { useDebouncedValue, useDocumentTitle } from '../lib/hooks';
import { tzAbbreviation, zonedLocalToUtc } from '../lib/time';
import { Badge, Button, ButtonLink, Card, Field, FormError, Input, PageHeader, Select, Checkbox, Icon, useToast } from '../ui';
import { campaignsApi, type LocationFilter } from './api';
import { CustomizationFields, initialCustomizations, toCustomizations, validateCustomizations, type CustomizationValues } from './CustomizationFields';
import { useInvalidateCampaign } from './WorkflowActions';

type Mode = 'single' | 'rollout';
type Pick = 'list' | 'filter';

const typedValue = typedAttributeValue;

function newKey() {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

function ModeOption({ checked, onChange, title, description, name }: { checked: boolean; onChange: () => void; title: string; description: string; name: string }) {
  return (
    <label
      className={cn(
        'flex flex-1 cursor-pointer gap-3 rounded-lg p-4 ring-1 transition',
        checked ? 'bg-brand-50/60 ring-2 ring-brand-600' : 'ring-slate-200 hover:ring-slate-300',
      )}
    >
      <input type="radio" name={name} checked={checked} onChange={onChange} className="mt-0.5 size-4 accent-brand-600" aria-label={title} />
      <span>
        <span className="block text-sm font-medium text-slate-900">{title}</span>
        <span className="block text-sm text-slate-500">{description}</span>
      </span>
    </label>
  );
}

function RolloutResult({ result, locations, name, onDone }: { result: BulkCreateResult; locations: Map<string, string>; name: string; onDone: () => void }) {
  const toast = useToast();
  const invalidate = useInvalidateCampaign();
  const [submitted, setSubmitted] = useState<{ ok: number; failed: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const createdIds = result.results.filter((r) => r.status === 'created' && r.campaignId).map((r) => r.campaignId!);

  const submitAll = async () => {
    setBusy(true);
    try {
      const res = await campaignsApi.bulkAction('submit', createdIds);
      setSubmitted({ ok: res.succeeded, failed: res.failed });
      if (res.failed) toast.error(`${res.failed} could not be submitted`, res.results.find((r) => r.error)?.error);
      else toast.success(`${res.succeeded} campaigns submitted for review`);
      invalidate();
    } catch (e) {
      toast.error('Could not submit', errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Roll-out result">
      <div className="flex flex-wrap items-center gap-3" role="status">
        <Badge tone="success">{result.created} created</Badge>
        {result.failed > 0 && <Badge tone="danger">{result.failed} failed</Badge>}
        {submitted && <Badge tone="warning">{submitted.ok} submitted for review</Badge>}
      </div>
      <ul className="mt-4 divide-y divide-slate-100 rounded-lg ring-1 ring-slate-200">
        {result.results.map((r) => (
          <li key={r.locationId} className="flex items-center justify-between gap-3 px-4 py-2.5 text-sm">
            <span className="min-w-0 truncate text-slate-800">{locations.get(r.locationId) ?? r.locationId}</span>
            {r.status === 'created' && r.campaignId ? (
              <Link to={`/campaigns/${r.campaignId}`} className="shrink-0 font-medium text-brand-600 hover:text-brand-800">
                Open
              </Link>
            ) : (
              <span className="shrink-0 text-rose-600">{r.error ?? 'Failed'}</span>
            )}
          </li>
        ))}
      </ul>
      <div className="mt-5 flex flex-wrap gap-3">
        {createdIds.length > 0 && !submitted && (
          <Button onClick={submitAll} loading={busy}>
            Submit {createdIds.length} for review
          </Button>
        )}
        {result.rolloutId && (
          <ButtonLink to={`/rollouts/${result.rolloutId}`} variant="secondary">
            Follow this rollout
          </ButtonLink>
        )}
        <ButtonLink to={`/campaigns?q=${encodeURIComponent(name)}`} variant="secondary">
          View in campaign list
        </ButtonLink>
        <Button variant="ghost" onClick={onDone}>
          Start another roll-out
        </Button>
      </div>
    </Card>
  );
}

export default function NewCampaignPage() {
  useDocumentTitle('New campaign');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const toast = useToast();
  const queryClient = useQueryClient();

  const [brandId, setBrandId] = useState(params.get('brandId') ?? '');
  const [templateId, setTemplateId] = useState(params.get('templateId') ?? '');
  const [mode, setMode] = useState<Mode>(params.get('mode') === 'rollout' ? 'rollout' : 'single');
  const [pick, setPick] = useState<Pick>('list');
  const [selected, setSelected] = useState<Map<string, Location>>(new Map());
  const [filter, setFilter] = useState<{ q: string; state: string; city: string; onlyActive: boolean; attrKey: string; attrValue: string }>({
    q: '',
    state: '',
    city: '',
    onlyActive: true,
    attrKey: '',
    attrValue: '',
  });
  const [name, setName] = useState('');
  const [values, setValues] = useState<CustomizationValues>({});
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BulkCreateResult | null>(null);
  const idempotencyKey = useRef(newKey());

  const templates = useTemplates({ brandId: brandId || undefined, isActive: 'true', pageSize: 100, sort: 'name' }, !!brandId);
  const template = useTemplate(templateId || undefined);
  const tpl = template.data && template.data.brandId === brandId ? template.data : undefined;

  // A template link (?templateId=) decides the brand.
  useEffect(() => {
    if (template.data && template.data.id === templateId && template.data.brandId !== brandId) setBrandId(template.data.brandId);
  }, [template.data, templateId]);

  useEffect(() => {
    if (tpl) setValues(initialCustomizations(tpl.variables));
  }, [tpl]);

  const debouncedFilter = useDebouncedValue(filter, 300);
  const filterCount = useLocations(
    brandId,
    {
      q: debouncedFilter.q || undefined,
      state: debouncedFilter.state || undefined,
      city: debouncedFilter.city || undefined,
      isActive: debouncedFilter.onlyActive ? 'true' : undefined,
      ...(debouncedFilter.attrKey.trim() ? { [`attribute.${debouncedFilter.attrKey.trim()}`]: debouncedFilter.attrValue.trim() } : {}),
      pageSize: 1,
    },
    mode === 'rollout' && pick === 'filter',
  );

  const firstLocation = [...selected.values()][0];
  const previewRequest = useMemo(
    () => ({
      content: tpl?.content ?? '',
      variables: tpl ? previewDeclarations(tpl.variables) : undefined,
      sampleData: tpl ? toCustomizations(tpl.variables, values) : {},
      brandId: brandId || undefined,
      locationId: firstLocation?.id,
    }),
    [tpl, values, brandId, firstLocation?.id],
  );

  const resetForm = () => {
    setResult(null);
    setSelected(new Map());
    setName('');
    idempotencyKey.current = newKey();
    if (tpl) setValues(initialCustomizations(tpl.variables));
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(undefined);
    const next: Record<string, string | undefined> = {};
    if (!brandId) next.brandId = 'Choose a brand';
    if (!tpl) next.templateId = 'Choose a template';
    if (mode === 'single' && selected.size !== 1) next.locationId = 'Choose a location';
    if (mode === 'rollout' && pick === 'list' && selected.size === 0) next.locationIds = 'Choose at least one location';
    if (tpl) Object.assign(next, validateCustomizations(tpl.variables, values));
    if (mode === 'single' && (start || end)) {
      const tz = firstLocation?.timeZone ?? 'UTC';
      if (!start) next.scheduledStartLocal = 'Enter a start, or leave both empty';
      if (!end) next.scheduledEndLocal = 'Enter an end, or leave both empty';
      if (start && end && zonedLocalToUtc(start, tz) >= zonedLocalToUtc(end, tz)) next.scheduledEndLocal = 'The end must be after the start';
    }
    setErrors(next);
    if (Object.values(next).some(Boolean)) return;

    setBusy(true);
    try {
      const customizations = toCustomizations(tpl!.variables, values);
      if (mode === 'single') {
        const created = await campaignsApi.create({
          locationId: firstLocation!.id,
          templateId: tpl!.id,
          name: name.trim() || undefined,
          customizations,
          scheduledStartLocal: start || undefined,
          scheduledEndLocal: end || undefined,
        });
        queryClient.invalidateQueries({ queryKey: ['campaigns'] });
        toast.success('Campaign created', created.name);
        navigate(`/campaigns/${created.id}`);
      } else {
        const locationFilter: LocationFilter | undefined =
          pick === 'filter'
            ? {
                isActive: filter.onlyActive ? true : undefined,
                q: filter.q.trim() || undefined,
                state: filter.state.trim() || undefined,
                city: filter.city.trim() || undefined,
                attributes: filter.attrKey.trim() ? { [filter.attrKey.trim()]: typedValue(filter.attrValue) } : undefined,
              }
            : undefined;
        const res = await campaignsApi.bulkCreate(
          {
            templateId: tpl!.id,
            locationIds: pick === 'list' ? [...selected.keys()] : undefined,
            locationFilter,
            customizations,
            name: name.trim() || undefined,
          },
          idempotencyKey.current,
        );
        queryClient.invalidateQueries({ queryKey: ['campaigns'] });
        queryClient.invalidateQueries({ queryKey: ['stats'] });
        setResult(res);
        if (res.failed) toast.error(`${res.failed} location${res.failed === 1 ? '' : 's'} failed`, `${res.created} campaigns were created.`);
        else toast.success(`${res.created} campaigns created`);
      }
    } catch (error) {
      if (error instanceof ApiError && error.hasFieldErrors) {
        const fe: Record<string, string | undefined> = {};
        for (const key of Object.keys(error.fieldErrors)) fe[key.replace(/^customizations\./, '')] = error.fieldError(key);
        setErrors(fe);
        setFormError(error.detail ?? 'Please correct the highlighted fields.');
      } else {
        setFormError(errorMessage(error));
      }
    } finally {
      setBusy(false);
    }
  };

  if (result) {
    const names = new Map<string, string>();
    selected.forEach((l) => names.set(l.id, `${l.name} (#${l.storeNumber})`));
    return (
      <div className="mx-auto max-w-3xl">
        <PageHeader title="Roll-out created" breadcrumbs={[{ label: 'Campaigns', to: '/campaigns' }, { label: 'New' }]} />
        <RolloutResult result={result} locations={names} name={name.trim() || tpl?.name || ''} onDone={resetForm} />
      </div>
    );
  }

  const tz = firstLocation?.timeZone;
  const count = mode === 'rollout' ? (pick === 'list' ? selected.size : (filterCount.data?.total ?? 0)) : 1;

  return (
    <div>
      <PageHeader
        title="New campaign"
        description="Start from a brand template, fill in the details, and create it for one store or roll it out to many."
        breadcrumbs={[{ label: 'Campaigns', to: '/campaigns' }, { label: 'New' }]}
      />
      <form onSubmit={onSubmit} noValidate className="grid grid-cols-1 gap-6 xl:grid-cols-5">
        <div className="space-y-6 xl:col-span-3">
          <Card title="1. Template">
            <div className="grid gap-4 sm:grid-cols-2">
              <BrandSelectField
                value={brandId}
                error={errors.brandId}
                onChange={(v) => {
                  if (v === brandId) return;
                  // The automatic first choice must not drop a template given in the link.
                  if (brandId) setTemplateId('');
                  setBrandId(v);
                  setSelected(new Map());
                }}
              />
              <Field label="Template" required error={errors.templateId}>
                {(p) => (
                  <Select {...p} value={templateId} onChange={(e) => setTemplateId(e.target.value)} disabled={!brandId}>
                    <option value="">{templates.isLoading ? 'Loading templates…' : 'Choose a template'}</option>
                    {templates.data?.items.map((t) => (
                      <option key={t.id} value={t.id}>
                        {t.name}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
            </div>
            {tpl?.description && <p className="mt-3 text-sm text-slate-500">{tpl.description}</p>}
            {templates.data && templates.data.items.length === 0 && (
              <p className="mt-3 text-sm text-slate-500">This brand has no active templates yet.</p>
            )}
          </Card>

          <Card title="2. Where">
            <div className="flex flex-col gap-3 sm:flex-row" role="radiogroup" aria-label="Create for">
              <ModeOption name="mode" checked={mode === 'single'} onChange={() => { setMode('single'); setSelected(new Map(firstLocation ? [[firstLocation.id, firstLocation]] : [])); }} title="One location" description="A single store's campaign, optionally scheduled." />
              <ModeOption name="mode" checked={mode === 'rollout'} onChange={() => setMode('rollout')} title="Roll out to many locations" description="One draft per store, each adaptable by its manager." />
            </div>

            {brandId ? (
              <div className="mt-5">
                {mode === 'rollout' && (
                  <div className="mb-4 inline-flex rounded-lg bg-slate-100 p-1 text-sm" role="tablist" aria-label="How to choose locations">
                    {(['list', 'filter'] as const).map((p) => (
                      <button
                        key={p}
                        type="button"
                        role="tab"
                        aria-selected={pick === p}
                        onClick={() => setPick(p)}
                        className={cn('rounded-md px-3 py-1.5 font-medium', pick === p ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-500 hover:text-slate-700')}
                      >
                        {p === 'list' ? 'Pick from list' : 'Match a filter'}
                      </button>
                    ))}
                  </div>
                )}
                {mode === 'rollout' && pick === 'filter' ? (
                  <div className="space-y-4">
                    <div className="grid gap-4 sm:grid-cols-3">
                      <Field label="Name or store number contains">
                        {(p) => <Input {...p} value={filter.q} onChange={(e) => setFilter({ ...filter, q: e.target.value })} />}
                      </Field>
                      <Field label="State">
                        {(p) => <Input {...p} value={filter.state} onChange={(e) => setFilter({ ...filter, state: e.target.value })} />}
                      </Field>
                      <Field label="City">
                        {(p) => <Input {...p} value={filter.city} onChange={(e) => setFilter({ ...filter, city: e.target.value })} />}
                      </Field>
                      <Field label="Attribute" hint="e.g. format">
                        {(p) => <Input {...p} value={filter.attrKey} onChange={(e) => setFilter({ ...filter, attrKey: e.target.value })} />}
                      </Field>
                      <Field label="Attribute value" hint="e.g. drive-thru">
                        {(p) => <Input {...p} value={filter.attrValue} onChange={(e) => setFilter({ ...filter, attrValue: e.target.value })} disabled={!filter.attrKey} />}
                      </Field>
                      <div className="flex items-end pb-2">
                        <Checkbox label="Active locations only" checked={filter.onlyActive} onChange={(e) => setFilter({ ...filter, onlyActive: e.target.checked })} />
                      </div>
                    </div>
                    <p className="rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-600" aria-live="polite">
                      {filterCount.isFetching ? 'Counting…' : `${filterCount.data?.total ?? 0} location${filterCount.data?.total === 1 ? '' : 's'} match.`}
                    </p>
                  </div>
                ) : (
                  <>
                    <LocationPicker brandId={brandId} multiple={mode === 'rollout'} selected={selected} onChange={(next) => {
                      setSelected(next);
                      setErrors((e) => ({ ...e, locationId: undefined, locationIds: undefined }));
                    }} label={mode === 'rollout' ? 'Locations' : 'Location'} />
                    {(errors.locationId || errors.locationIds) && <p className="mt-2 text-xs font-medium text-rose-600">{errors.locationId ?? errors.locationIds}</p>}
                  </>
                )}
              </div>
            ) : (
              <p className="mt-4 text-sm text-slate-500">Choose a brand first.</p>
            )}
          </Card>

          <Card title="3. Details">
            <div className="space-y-5">
              <Field label="Campaign name" hint={mode === 'rollout' ? 'Used for every store; leave empty to name each after the template and store.' : 'Leave empty to name it after the template and store.'} error={errors.name}>
                {(p) => <Input {...p} name="name" value={name} onChange={(e) => setName(e.target.value)} placeholder={tpl ? `${tpl.name} – ${firstLocation?.name ?? 'store'}` : ''} />}
              </Field>
              {tpl ? (
                <CustomizationFields variables={tpl.variables} values={values} onChange={setValues} errors={errors} />
              ) : (
                <p className="text-sm text-slate-500">Choose a template to fill in its variables.</p>
              )}
            </div>
          </Card>

          {mode === 'single' && (
            <Card title="4. Schedule (optional)">
              <p className="mb-4 text-sm text-slate-500">
                {tz ? `Times are local to the store: ${tz} (${tzAbbreviation(tz)}).` : 'Choose a location to schedule in its local time.'} You can also schedule after approval.
              </p>
              <div className="grid gap-4 sm:grid-cols-2">
                <Field label="Starts" error={errors.scheduledStartLocal}>
                  {(p) => <Input {...p} type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} disabled={!tz} />}
                </Field>
                <Field label="Ends" error={errors.scheduledEndLocal}>
                  {(p) => <Input {...p} type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} disabled={!tz} />}
                </Field>
              </div>
            </Card>
          )}
        </div>

        <div className="xl:col-span-2">
          <div className="space-y-6 xl:sticky xl:top-24">
            <Card title={firstLocation ? `Preview for ${firstLocation.name}` : 'Preview'}>
              <PreviewPanel request={previewRequest} enabled={!!tpl} emptyHint="Choose a template to preview it." />
            </Card>
            <Card>
              <FormError message={formError} />
              <div className={cn('flex items-center justify-between gap-3', formError && 'mt-4')}>
                <p className="text-sm text-slate-500">
                  {mode === 'rollout' ? (
                    <>
                      <span className="font-semibold text-slate-900">{count}</span> draft{count === 1 ? '' : 's'} will be created
                    </>
                  ) : (
                    'Created as a draft you can review before submitting.'
                  )}
                </p>
                <Button type="submit" loading={busy} icon={<Icon name={mode === 'rollout' ? 'megaphone' : 'plus'} className="size-4" />}>
                  {mode === 'rollout' ? `Create ${count} campaign${count === 1 ? '' : 's'}` : 'Create campaign'}
                </Button>
              </div>
            </Card>
          </div>
        </div>
      </form>
    </div>
  );
}

function BrandSelectField({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string }) {
  // The brand selector hides itself for single-brand users (the brand is then picked automatically).
  return (
    <Field label="Brand" required error={error} className="hidden has-[select]:block">
      {(p) => <BrandSelect id={p.id} value={value} onChange={onChange} />}
    </Field>
  );
}
