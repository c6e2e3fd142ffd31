import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { CAMPAIGN_STATUSES, type Campaign } from '../api/types';
import { errorMessage } from '../api/problem';
import { useAuth } from '../auth/AuthContext';
import { BrandSelect } from '../brands/BrandSelect';
import { useTemplates } from '../templates/api';
import { useDocumentTitle, useSearchBox, useUrlFilters } from '../lib/hooks';
import { STATUS_LABEL } from '../lib/labels';
import { formatDateTime, formatRelative } from '../lib/time';
import { Button, ButtonLink, Card, EmptyState, ErrorState, Icon, Input, PageHeader, Pagination, Select, StatusBadge, Table, useToast, type Column } from '../ui';
import { campaignsApi, useCampaigns } from './api';
import { SemanticResults } from './SemanticSearch';
import { useInvalidateCampaign } from './WorkflowActions';
import { ExportButtons } from '../exports/ExportButtons';

const DEFAULTS = { q: '', status: '', brandId: '', templateId: '', from: '', to: '', sort: '-createdAt', page: '1', pageSize: '20', mode: '' };

export default function CampaignsPage() {
  useDocumentTitle('Campaigns');
  const { can } = useAuth();
  const toast = useToast();
  const invalidate = useInvalidateCampaign();
  const { values, set, reset } = useUrlFilters(DEFAULTS);
  const [search, setSearch] = useSearchBox(values.q, (q) => set({ q }));

  const page = Math.max(1, Number(values.page) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(values.pageSize) || 20));
  const query = {
    q: values.q || undefined,
    status: values.status || undefined,
    brandId: values.brandId || undefined,
    templateId: values.templateId || undefined,
    startsFrom: values.from ? `${values.from}T00:00:00Z` : undefined,
    startsTo: values.to ? `${values.to}T23:59:59Z` : undefined,
    sort: values.sort,
    page,
    pageSize,
  };
  const semantic = values.mode === 'meaning';
  const { data, isLoading, isError, error, refetch, isFetching } = useCampaigns(query, { enabled: !semantic });
  const templates = useTemplates({ brandId: values.brandId || undefined, pageSize: 100, sort: 'name' });

  const selectable = can('campaigns.create');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [submitting, setSubmitting] = useState(false);
  const selectedDrafts = (data?.items ?? []).filter((c) => selected.has(c.id) && c.status === 'draft');

  const columns = useMemo<Column<Campaign>[]>(
    () => [
      {
        key: 'name',
        header: 'Campaign',
        sortKey: 'name',
        cell: (c) => (
          <div className="min-w-0 sm:min-w-[14rem]">
            <Link to={`/campaigns/${c.id}`} className="font-medium break-words text-slate-900 hover:text-brand-700">
              {c.name}
            </Link>
            <p className="text-xs text-slate-500">{c.templateName}</p>
            {/* On a phone the location and schedule columns are hidden: their facts sit here instead. */}
            <p className="text-xs text-slate-500 md:hidden">
              {c.locationName} · #{c.storeNumber}
            </p>
            <p className="text-xs text-slate-600 lg:hidden" data-testid="campaign-runs">
              {c.scheduledStart ? `${formatDateTime(c.scheduledStart, c.timeZone)} to ${formatDateTime(c.scheduledEnd, c.timeZone)}` : 'Not scheduled'}
            </p>
          </div>
        ),
      },
      {
        key: 'location',
        header: 'Location',
        hideBelow: 'md',
        cell: (c) => (
          <div className="min-w-[10rem]">
            <span className="text-slate-800">{c.locationName}</span>
            <p className="text-xs text-slate-500">#{c.storeNumber}</p>
          </div>
        ),
      },
      { key: 'status', header: 'Status', sortKey: 'status', cell: (c) => <StatusBadge status={c.status} /> },
      {
        key: 'schedule',
        header: 'Runs (store time)',
        sortKey: 'scheduledStart',
        hideBelow: 'lg',
        cell: (c) =>
          c.scheduledStart ? (
            <div className="text-xs whitespace-nowrap text-slate-600">
              <div>{formatDateTime(c.scheduledStart, c.timeZone)}</div>
              <div className="text-slate-400">to {formatDateTime(c.scheduledEnd, c.timeZone)}</div>
            </div>
          ) : (
            <span className="text-slate-400">Not scheduled</span>
          ),
      },
      { key: 'createdBy', header: 'Author', hideBelow: 'lg', cell: (c) => <span className="whitespace-nowrap">{c.createdByName}</span> },
      {
        key: 'updatedAt',
        header: 'Updated',
        hideBelow: 'lg',
        cell: (c) => (
          <time dateTime={c.updatedAt} title={formatDateTime(c.updatedAt)} className="whitespace-nowrap text-slate-500">
            {formatRelative(c.updatedAt)}
          </time>
        ),
      },
    ],
    [],
  );

  const filtered = values.q || values.status || values.brandId || values.templateId || values.from || values.to;

  const submitSelected = async () => {
    setSubmitting(true);
    try {
      const res = await campaignsApi.bulkAction('submit', selectedDrafts.map((c) => c.id));
      if (res.failed) toast.error(`${res.succeeded} submitted, ${res.failed} failed`, res.results.find((r) => r.error)?.error);
      else toast.success(`${res.succeeded} campaign${res.succeeded === 1 ? '' : 's'} submitted for review`);
      setSelected(new Set());
    } catch (e) {
      toast.error('Could not submit', errorMessage(e));
    } finally {
      setSubmitting(false);
      invalidate();
    }
  };

  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      toast.success('Link copied', 'This view, with its filters, is in the link.');
    } catch {
      toast.info('Copy the address bar to share this view');
    }
  };

  return (
    <div>
      <PageHeader
        title="Campaigns"
        description="Every campaign across your stores. Filters are saved in the address, so a view can be bookmarked or shared."
        actions={
          <>
            <ExportButtons path="/campaigns/export" query={{ ...query, page: undefined, pageSize: undefined }} name="campaigns" />
            <ButtonLink to="/calendar" variant="secondary" icon={<Icon name="calendar" className="size-4" />}>
              Calendar
            </ButtonLink>
            {can('campaigns.create') && (
              <ButtonLink to="/campaigns/new" icon={<Icon name="plus" className="size-4" />}>
                New campaign
              </ButtonLink>
            )}
          </>
        }
      />

      <Card bodyClassName="p-0">
        <div className="flex flex-col gap-3 border-b border-slate-100 p-4 lg:flex-row lg:flex-wrap lg:items-center">
          <div className="relative min-w-0 lg:w-72">
            <Icon name="search" className="pointer-events-none absolute top-2.5 left-3 size-4 text-slate-400" />
            <Input
              type="search"
              aria-label="Search campaigns"
              placeholder={semantic ? 'Describe the campaign you are looking for' : 'Search name, store, template…'}
              className="pl-9"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </div>
          <div className="inline-flex rounded-lg bg-slate-100 p-1 text-xs" role="group" aria-label="Search mode">
            {(['', 'meaning'] as const).map((m) => (
              <button
                key={m || 'words'}
                type="button"
                aria-pressed={values.mode === m}
                onClick={() => set({ mode: m })}
                className={values.mode === m ? 'rounded-md bg-white px-2.5 py-1.5 font-medium text-slate-900 shadow-sm' : 'rounded-md px-2.5 py-1.5 font-medium text-slate-500 hover:text-slate-700'}
              >
                {m ? 'By meaning' : 'By words'}
              </button>
            ))}
          </div>
          <BrandSelect allowAll value={values.brandId} onChange={(v) => set({ brandId: v, templateId: '' })} className="lg:w-44" />
          {!semantic && (
            <>
            <Select aria-label="Status" className="lg:w-44" value={values.status} onChange={(e) => set({ status: e.target.value })}>
              <option value="">All statuses</option>
              {CAMPAIGN_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABEL[s]}
                </option>
              ))}
            </Select>
            <Select aria-label="Template" className="lg:w-48" value={values.templateId} onChange={(e) => set({ templateId: e.target.value })}>
              <option value="">All templates</option>
              {templates.data?.items.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </Select>
            <div className="flex items-center gap-2">
              <Input type="date" aria-label="Starts from" className="lg:w-40" value={values.from} onChange={(e) => set({ from: e.target.value })} />
              <span className="text-sm text-slate-400">–</span>
              <Input type="date" aria-label="Starts until" className="lg:w-40" value={values.to} onChange={(e) => set({ to: e.target.value })} />
            </div>
            </>
          )}
          <div className="flex items-center gap-2 lg:ml-auto">
            {filtered && (
              <Button
                variant="ghost"
                size="sm"
                onClick={() => {
                  setSearch('');
                  reset();
                }}
              >
                Clear filters
              </Button>
            )}
            <Button variant="ghost" size="sm" onClick={copyLink} icon={<Icon name="link" className="size-4" />}>
              Copy link
            </Button>
          </div>
        </div>

        {selectable && !semantic && selected.size > 0 && (
          <div className="flex flex-wrap items-center gap-3 border-b border-brand-100 bg-brand-50/60 px-4 py-2.5 text-sm">
            <span className="font-medium text-brand-900">{selected.size} selected</span>
            <Button size="sm" onClick={submitSelected} loading={submitting} disabled={selectedDrafts.length === 0}>
              Submit {selectedDrafts.length} draft{selectedDrafts.length === 1 ? '' : 's'} for review
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
              Clear selection
            </Button>
          </div>
        )}

        {semantic ? (
          <SemanticResults query={values.q} brandId={values.brandId || undefined} />
        ) : isError ? (
          <ErrorState error={error} onRetry={() => refetch()} />
        ) : (
          <div className={isFetching && !isLoading ? 'opacity-70 transition-opacity' : undefined}>
            <Table
              caption="Campaigns"
              columns={columns}
              rows={data?.items}
              getRowId={(c) => c.id}
              loading={isLoading}
              sort={values.sort}
              onSortChange={(sort) => set({ sort })}
              selectable={selectable}
              selected={selected}
              onSelectedChange={setSelected}
              rowLabel={(c) => `${c.name} at ${c.locationName}`}
              empty={
                filtered ? (
                  <EmptyState title="No campaigns match these filters" description="Try a different search or clear the filters." />
                ) : (
                  <EmptyState
                    title="No campaigns yet"
                    description="Create a campaign from a template for one store, or roll it out to many at once."
                    action={can('campaigns.create') ? <ButtonLink to="/campaigns/new">New campaign</ButtonLink> : undefined}
                  />
                )
              }
            />
          </div>
        )}
        {!semantic && data && data.total > 0 && (
          <Pagination
            page={page}
            pageSize={pageSize}
            total={data.total}
            onPageChange={(p) => set({ page: String(p) })}
            onPageSizeChange={(s) => set({ pageSize: String(s) })}
            className="rounded-b-xl"
          />
        )}
      </Card>
    </div>
  );
}
