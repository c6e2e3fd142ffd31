import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../api';
import { BrandSelect } from '../brands/BrandSelect';
import { TimeSeriesChart } from '../dashboard/charts';
import { useDocumentTitle, useUrlFilters } from '../lib/hooks';
import { useTemplates } from '../templates/api';
import { Button, Card, EmptyState, ErrorState, Icon, Input, PageHeader, Pagination, Select, Skeleton, Table, useToast, type Column } from '../ui';
import { lastDays, resultsApi, useCampaignResults, type CampaignResult, type ResultsQuery } from './api';

const money = (v: string | number) => Number(v).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const count = (v: number) => v.toLocaleString();

const REDEMPTION_SERIES = [{ key: 'redemptions', label: 'Redemptions', color: '#6366f1' }] as const;
const MONEY_SERIES = [
  { key: 'revenue', label: 'Revenue', color: '#10b981', format: (v: number) => money(v) },
  { key: 'discount', label: 'Discount', color: '#f59e0b', format: (v: number) => money(v) },
] as const;

function Figure({ label, value, hint, loading }: { label: string; value: ReactNode; hint?: ReactNode; loading?: boolean }) {
  return (
    <div className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <p className="text-sm font-medium text-slate-500">{label}</p>
      {loading ? <Skeleton className="mt-2 h-7 w-20" /> : <p className="mt-1 text-2xl font-semibold tracking-tight text-slate-900 tabular-nums">{value}</p>}
      {hint && <p className="mt-0.5 text-xs text-slate-500">{hint}</p>}
    </div>
  );
}

function FilterChip({ label, onClear }: { label: string; onClear: () => void }) {
  return (
    <span className="inline-flex items-center gap-1 rounded-full bg-brand-50 py-1 pr-1 pl-3 text-xs font-medium text-brand-700 ring-1 ring-brand-200">
      {label}
      <button type="button" onClick={onClear} className="rounded-full p-0.5 hover:bg-brand-100" aria-label={`Remove filter ${label}`}>
        <Icon name="x" className="size-3.5" />
      </button>
    </span>
  );
}

/**
 * Results of campaigns from store redemptions: totals, redemptions and money per day, and the campaigns (one per
 * store) ranked. Filters live in the URL, so a rollout page can link here with `?rolloutId=` to rank its stores.
 */
export default function ResultsPage() {
  useDocumentTitle('Results');
  const toast = useToast();
  const defaults = lastDays(30);
  const { values, set } = useUrlFilters({
    brandId: '', from: defaults.from, to: defaults.to, templateId: '', locationId: '', rolloutId: '', campaignId: '', sort: '', page: '1', pageSize: '20',
  });
  const rollout = !!values.rolloutId;
  const sort = values.sort || (rollout ? '-redemptionsPerStoreDay' : '-redemptions');
  const query: ResultsQuery = {
    brandId: values.brandId,
    from: values.from,
    to: values.to,
    templateId: values.templateId || undefined,
    locationId: values.locationId || undefined,
    rolloutId: values.rolloutId || undefined,
    campaignId: values.campaignId || undefined,
    sort,
    page: Number(values.page) || 1,
    pageSize: Number(values.pageSize) || 20,
  };
  const results = useCampaignResults(query);
  const templates = useTemplates({ brandId: values.brandId || undefined, pageSize: 100 }, !!values.brandId);
  const [downloading, setDownloading] = useState(false);
  const data = results.data;
  const firstItem = data?.items[0];
  const storeName = values.locationId && data?.items.find((i) => i.locationId === values.locationId)?.locationName;
  const campaignName = values.campaignId && firstItem?.campaignId === values.campaignId ? firstItem.campaignName : null;

  const rankOffset = (query.page! - 1) * query.pageSize!;
  const columns: Column<CampaignResult>[] = [
    ...(rollout ? [{ key: 'rank', header: '#', cell: (r: CampaignResult) => <span className="tabular-nums text-slate-500">{rankOffset + data!.items.indexOf(r) + 1}</span> }] : []),
    {
      key: 'store',
      header: 'Store',
      sortKey: 'locationName',
      cell: (r) => (
        <button type="button" className="text-left font-medium text-slate-900 hover:text-brand-700" onClick={() => set({ locationId: r.locationId })}>
          {r.locationName}
          <span className="block text-xs font-normal text-slate-500">#{r.storeNumber}</span>
        </button>
      ),
    },
    {
      key: 'campaign',
      header: 'Campaign',
      sortKey: 'campaignName',
      hideBelow: 'md',
      cell: (r) => (
        <Link to={`/campaigns/${r.campaignId}`} className="text-brand-700 hover:underline">
          {r.campaignName}
        </Link>
      ),
    },
    {
      key: 'template',
      header: 'Template',
      hideBelow: 'lg',
      cell: (r) => (
        <button type="button" className="text-left text-slate-700 hover:text-brand-700" onClick={() => set({ templateId: r.templateId })}>
          {r.templateName}
        </button>
      ),
    },
    { key: 'redemptions', header: 'Redemptions', sortKey: 'redemptions', className: 'text-right tabular-nums', headerClassName: 'text-right', cell: (r) => count(r.redemptions) },
    {
      key: 'perDay',
      header: 'Per store-day',
      sortKey: 'redemptionsPerStoreDay',
      className: 'text-right tabular-nums',
      headerClassName: 'text-right',
      cell: (r) => (r.redemptionsPerStoreDay == null ? '–' : r.redemptionsPerStoreDay.toFixed(2)),
    },
    { key: 'revenue', header: 'Revenue', sortKey: 'revenue', hideBelow: 'sm', className: 'text-right tabular-nums', headerClassName: 'text-right', cell: (r) => money(r.revenue) },
    { key: 'discount', header: 'Discount', sortKey: 'discount', hideBelow: 'sm', className: 'text-right tabular-nums', headerClassName: 'text-right', cell: (r) => money(r.discount) },
  ];

  // The API sorts descending figures only ("-revenue"); names ascending. The table asks for either direction.
  const onSortChange = (next: string) => {
    const allowed = ['-redemptions', 'redemptions', '-redemptionsPerStoreDay', 'redemptionsPerStoreDay', '-revenue', '-discount', 'campaignName', 'locationName'];
    const fixed = allowed.includes(next) ? next : next.startsWith('-') ? next.slice(1) : `-${next}`;
    set({ sort: allowed.includes(fixed) ? fixed : '' });
  };

  const download = async () => {
    setDownloading(true);
    try {
      await resultsApi.downloadCsv(query);
    } catch (e) {
      toast.error('Download failed', errorMessage(e));
    } finally {
      setDownloading(false);
    }
  };

  return (
    <div>
      <PageHeader
        title={rollout ? 'Rollout results' : 'Results'}
        description="Redemptions reported by store tills, per campaign, store and template. Days are each store's own calendar days."
        actions={
          <>
            <BrandSelect value={values.brandId} onChange={(v) => set({ brandId: v, templateId: '', locationId: '', rolloutId: '', campaignId: '' })} className="w-48" />
            <Button variant="secondary" icon={<Icon name="download" className="size-4" />} loading={downloading} disabled={!values.brandId} onClick={download}>
              Download CSV
            </Button>
          </>
        }
      />

      <div className="mb-6 flex flex-wrap items-end gap-3">
        <label className="text-sm text-slate-600">
          <span className="mb-1 block font-medium">From</span>
          <Input type="date" value={values.from} max={values.to} onChange={(e) => e.target.value && set({ from: e.target.value })} aria-label="From" />
        </label>
        <label className="text-sm text-slate-600">
          <span className="mb-1 block font-medium">To</span>
          <Input type="date" value={values.to} min={values.from} onChange={(e) => e.target.value && set({ to: e.target.value })} aria-label="To" />
        </label>
        <label className="text-sm text-slate-600">
          <span className="mb-1 block font-medium">Template</span>
          <Select value={values.templateId} onChange={(e) => set({ templateId: e.target.value })} aria-label="Template" className="w-56">
            <option value="">All templates</option>
            {templates.data?.items.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </Select>
        </label>
        <div className="flex flex-wrap gap-2 pb-1.5">
          {values.rolloutId && <FilterChip label="This rollout's stores" onClear={() => set({ rolloutId: '', sort: '' })} />}
          {values.locationId && <FilterChip label={`Store: ${storeName || 'selected store'}`} onClear={() => set({ locationId: '' })} />}
          {values.campaignId && <FilterChip label={`Campaign: ${campaignName || 'selected campaign'}`} onClear={() => set({ campaignId: '' })} />}
        </div>
      </div>

      {!values.brandId ? (
        <Card>
          <EmptyState title="Choose a brand" description="Results are shown for one brand at a time." />
        </Card>
      ) : results.isError ? (
        <Card>
          <ErrorState error={results.error} onRetry={() => results.refetch()} />
        </Card>
      ) : (
        <>
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4" data-testid="results-totals">
            <Figure label="Redemptions" value={count(data?.totals.redemptions ?? 0)} loading={!data} hint={data && `${count(data.totals.transactions)} till lines`} />
            <Figure label="Revenue" value={money(data?.totals.revenue ?? 0)} loading={!data} hint="Basket totals" />
            <Figure label="Discount given" value={money(data?.totals.discount ?? 0)} loading={!data} />
            <Figure label="Stores" value={count(data?.totals.locations ?? 0)} loading={!data} hint={data && `${count(data.totals.campaigns)} campaigns`} />
          </div>

          <div className="mt-6 grid grid-cols-1 gap-6 xl:grid-cols-2">
            <Card title="Redemptions per day">
              {!data ? <Skeleton className="h-56 w-full" /> : <TimeSeriesChart days={data.byDay} series={REDEMPTION_SERIES} label="Redemptions per day" caption="Redemptions per day" />}
            </Card>
            <Card title="Revenue and discount per day">
              {!data ? (
                <Skeleton className="h-56 w-full" />
              ) : (
                <TimeSeriesChart
                  days={data.byDay.map((d) => ({ date: d.date, revenue: Number(d.revenue), discount: Number(d.discount) }))}
                  series={MONEY_SERIES}
                  label="Revenue and discount per day"
                  caption="Revenue and discount per day"
                />
              )}
            </Card>
          </div>

          <Card title={rollout ? 'Stores ranked by redemptions per store-day' : 'Campaigns by store'} className="mt-6" bodyClassName="p-0">
            <Table
              columns={columns}
              rows={data?.items}
              getRowId={(r) => r.campaignId}
              sort={sort}
              onSortChange={onSortChange}
              loading={!data}
              caption={rollout ? 'Stores of the rollout ranked' : 'Results per campaign'}
              empty={<EmptyState title="No results in this range" description="Campaigns that were live, and the redemptions their stores reported, show up here." />}
            />
            {data && data.total > data.pageSize && (
              <Pagination
                page={data.page}
                pageSize={data.pageSize}
                total={data.total}
                onPageChange={(p) => set({ page: String(p) })}
                onPageSizeChange={(s) => set({ pageSize: String(s) })}
                className="border-t border-slate-100 px-4"
              />
            )}
          </Card>
        </>
      )}
    </div>
  );
}
