import { useMemo, useState } from 'react';
import { errorMessage } from '../api';
import { BrandSelect } from '../brands/BrandSelect';
import { downloadExport } from '../exports/download';
import { useDocumentTitle, useUrlFilters } from '../lib/hooks';
import { formatDateTime } from '../lib/time';
import { Button, Card, EmptyState, ErrorState, Field, Icon, Input, PageHeader, Pagination, Select, Table, useToast, type Column } from '../ui';
import { dayToInstant, useAudit, type AuditEntry } from './api';

const ENTITY_TYPES = ['campaign', 'location', 'template', 'brand', 'user', 'locations', 'calendarToken'];

function Details({ value }: { value: unknown }) {
  const text = value && typeof value === 'object' && Object.keys(value).length > 0 ? JSON.stringify(value) : '';
  if (!text) return <span className="text-slate-400">—</span>;
  return (
    <code className="block max-w-[28rem] truncate text-xs text-slate-600" title={text}>
      {text}
    </code>
  );
}

/** The audit log: who changed what, newest first, with filters kept in the URL and a CSV of everything that matches. */
export default function AuditPage() {
  useDocumentTitle('Audit log');
  const toast = useToast();
  const { values, set } = useUrlFilters({ brandId: '', entityType: '', entityId: '', actorId: '', action: '', from: '', to: '', page: '1', pageSize: '50' });
  const page = Math.max(1, Number(values.page) || 1);
  const pageSize = Math.min(100, Number(values.pageSize) || 50);
  const filters = {
    brandId: values.brandId || undefined,
    entityType: values.entityType || undefined,
    entityId: values.entityId.trim() || undefined,
    actorId: values.actorId.trim() || undefined,
    action: values.action.trim() || undefined,
    from: dayToInstant(values.from),
    to: dayToInstant(values.to, true),
  };
  const { data, isLoading, isError, error, refetch } = useAudit({ ...filters, page, pageSize });
  const [exporting, setExporting] = useState(false);

  const columns = useMemo<Column<AuditEntry>[]>(
    () => [
      { key: 'at', header: 'When', cell: (e) => <time dateTime={e.at} className="whitespace-nowrap">{formatDateTime(e.at)}</time> },
      {
        key: 'actor',
        header: 'Who',
        cell: (e) =>
          e.actorId ? (
            <button type="button" className="text-left hover:text-brand-700 hover:underline" onClick={() => set({ actorId: e.actorId!, page: '1' })} title="Only this person">
              {e.actorName}
            </button>
          ) : (
            <span className="text-slate-500">{e.actorName}</span>
          ),
      },
      { key: 'action', header: 'Action', cell: (e) => <span className="font-medium">{e.action}</span> },
      {
        key: 'entity',
        header: 'What',
        cell: (e) => (
          <div>
            {e.entityType}
            {e.entityId && (
              <button type="button" className="block font-mono text-xs text-slate-500 hover:text-brand-700 hover:underline" onClick={() => set({ entityId: e.entityId!, page: '1' })} title="Only this object">
                {e.entityId}
              </button>
            )}
          </div>
        ),
      },
      { key: 'details', header: 'Details', cell: (e) => <Details value={e.details} />, hideBelow: 'lg' },
    ],
    [set],
  );

  const exportCsv = async () => {
    setExporting(true);
    try {
      await downloadExport('/audit', { ...filters, format: 'csv' }, 'audit.csv');
    } catch (e) {
      toast.error('Export failed', errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  const filtered = Object.entries(values).some(([k, v]) => !['page', 'pageSize'].includes(k) && v);

  return (
    <div>
      <PageHeader
        title="Audit log"
        description="Every change made in StoreSync: who, what and when. Newest first."
        actions={
          <Button variant="secondary" size="sm" onClick={exportCsv} loading={exporting} icon={<Icon name="download" className="size-4" />}>
            Export CSV
          </Button>
        }
      />
      <Card bodyClassName="p-0">
        <form className="grid gap-3 border-b border-slate-100 p-4 sm:grid-cols-2 lg:grid-cols-4" aria-label="Audit filters" onSubmit={(e) => e.preventDefault()}>
          <Field label="Brand">
            {(p) => <BrandSelect id={p.id} allowAll value={values.brandId} onChange={(v) => set({ brandId: v, page: '1' })} />}
          </Field>
          <Field label="Object type">
            {(p) => <Select {...p} value={values.entityType} onChange={(e) => set({ entityType: e.target.value, page: '1' })}>
              <option value="">Any</option>
              {ENTITY_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </Select>}
          </Field>
          <Field label="Action">
            {(p) => <Input {...p} value={values.action} placeholder="e.g. update" onChange={(e) => set({ action: e.target.value, page: '1' })} />}
          </Field>
          <Field label="Object id">
            {(p) => <Input {...p} value={values.entityId} placeholder="UUID" onChange={(e) => set({ entityId: e.target.value, page: '1' })} />}
          </Field>
          <Field label="From">
            {(p) => <Input {...p} type="date" value={values.from} onChange={(e) => set({ from: e.target.value, page: '1' })} />}
          </Field>
          <Field label="To (inclusive)">
            {(p) => <Input {...p} type="date" value={values.to} onChange={(e) => set({ to: e.target.value, page: '1' })} />}
          </Field>
          <Field label="Person id">
            {(p) => <Input {...p} value={values.actorId} placeholder="UUID" onChange={(e) => set({ actorId: e.target.value, page: '1' })} />}
          </Field>
          <div className="flex items-end">
            {filtered && (
              <Button variant="ghost" size="sm" onClick={() => set({ brandId: '', entityType: '', entityId: '', actorId: '', action: '', from: '', to: '', page: '1' })}>
                Clear filters
              </Button>
            )}
          </div>
        </form>
        {isError ? (
          <ErrorState error={error} onRetry={() => refetch()} />
        ) : (
          <Table
            caption="Audit log"
            columns={columns}
            rows={data?.items}
            getRowId={(e) => String(e.id)}
            loading={isLoading}
            empty={<EmptyState title={filtered ? 'Nothing matches these filters' : 'No changes recorded yet'} />}
          />
        )}
        {data && data.total > 0 && (
          <Pagination
            page={page}
            pageSize={pageSize}
            total={data.total}
            onPageChange={(p) => set({ page: String(p) })}
            onPageSizeChange={(s) => set({ pageSize: String(s), page: '1' })}
            className="rounded-b-xl"
          />
        )}
      </Card>
    </div>
  );
}
