import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import type { ApprovalItem, BulkActionResult } from '../api/types';
import { BrandSelect } from '../brands/BrandSelect';
import { CommentDialog } from '../campaigns/CommentDialog';
import { campaignsApi } from '../campaigns/api';
import { WorkflowActions } from '../campaigns/WorkflowActions';
import { cn } from '../lib/cn';
import { useDocumentTitle, useSearchBox, useUrlFilters } from '../lib/hooks';
import { formatDateTime, formatRelative } from '../lib/time';
import { Badge, Button, Card, EmptyState, ErrorState, Icon, Input, PageHeader, Pagination, Table, useToast, type Column } from '../ui';
import { APPROVALS_POLL_MS, useApprovals } from './api';
import { QueueCopy, useQueueTemplates } from './QueueCopy';

function useTick(ms: number) {
  const [, setN] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setN((n) => n + 1), ms);
    return () => clearInterval(id);
  }, [ms]);
}

export default function ApprovalsPage() {
  useDocumentTitle('Approvals');
  const toast = useToast();
  const queryClient = useQueryClient();
  const { values, set } = useUrlFilters({ q: '', brandId: '', page: '1', pageSize: '100' });
  const [search, setSearch] = useSearchBox(values.q, (q) => set({ q }));
  const page = Math.max(1, Number(values.page) || 1);
  const pageSize = Math.min(100, Number(values.pageSize) || 100);
  const { data, isLoading, isError, error, refetch, isFetching, dataUpdatedAt } = useApprovals({ page, pageSize, brandId: values.brandId || undefined, q: values.q || undefined });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<'approve' | 'reject' | null>(null);
  const [lastResult, setLastResult] = useState<{ action: string; result: BulkActionResult } | null>(null);
  useTick(5000);

  // The queue filter also runs locally, so a search narrows the list at once while the server catches up.
  const items = useMemo(() => {
    const q = values.q.trim().toLowerCase();
    const all = data?.items ?? [];
    return q ? all.filter((c) => [c.name, c.locationName, c.storeNumber, c.templateName, c.createdByName].some((f) => f?.toLowerCase().includes(q))) : all;
  }, [data, values.q]);

  // Drop selections that left the queue (approved elsewhere, or filtered out).
  useEffect(() => {
    setSelected((prev) => {
      const ids = new Set(items.map((i) => i.id));
      const next = new Set([...prev].filter((id) => ids.has(id)));
      return next.size === prev.size ? prev : next;
    });
  }, [items]);

  const templates = useQueueTemplates(data?.items);
  const columns = useMemo<Column<ApprovalItem>[]>(
    () => [
      {
        key: 'name',
        header: 'Campaign',
        cell: (c) => (
          <div className="min-w-[13rem]">
            <Link to={`/campaigns/${c.id}`} className="font-medium text-slate-900 hover:text-brand-700">
              {c.name}
            </Link>
            <p className="text-xs text-slate-500">{c.templateName}</p>
            {!!c.conflictCount && (
              <Link to={`/campaigns/${c.id}`} className="mt-1 inline-block" title="Other campaigns' offers at this store overlap and cannot stack with this one">
                <Badge tone="warning">{c.conflictCount === 1 ? '1 offer conflict' : `${c.conflictCount} offer conflicts`}</Badge>
              </Link>
            )}
          </div>
        ),
      },
      {
        key: 'location',
        header: 'Location',
        cell: (c) => (
          <div className="min-w-[9rem]">
            {c.locationName}
            <p className="text-xs text-slate-500">#{c.storeNumber}</p>
          </div>
        ),
      },
      { key: 'copy', header: 'Copy to approve', cell: (c) => <QueueCopy c={c} template={templates.get(c.templateId)} /> },
      { key: 'author', header: 'Author', cell: (c) => <span className="whitespace-nowrap">{c.createdByName}</span> },
      {
        key: 'waiting',
        header: 'Waiting',
        cell: (c) => {
          const hours = (Date.now() - new Date(c.waitingSince).getTime()) / 3_600_000;
          return (
            <time dateTime={c.waitingSince} title={formatDateTime(c.waitingSince)} className={cn('whitespace-nowrap', hours > 24 ? 'font-medium text-amber-700' : 'text-slate-600')}>
              {formatRelative(c.waitingSince).replace(/ ago$/, '')}
            </time>
          );
        },
      },
      { key: 'actions', header: <span className="sr-only">Actions</span>, cell: (c) => <WorkflowActions campaign={c} size="sm" />, className: 'text-right' },
    ],
    [templates],
  );

  const runBulk = async (action: 'approve' | 'reject', comment: string) => {
    const ids = [...selected];
    const result = await campaignsApi.bulkAction(action, ids, comment);
    setLastResult({ action, result });
    setSelected(new Set());
    queryClient.invalidateQueries({ queryKey: ['approvals'] });
    queryClient.invalidateQueries({ queryKey: ['campaigns'] });
    queryClient.invalidateQueries({ queryKey: ['stats'] });
    const verb = action === 'approve' ? 'approved' : 'rejected';
    if (result.failed) toast.error(`${result.succeeded} ${verb}, ${result.failed} failed`);
    else toast.success(`${result.succeeded} campaign${result.succeeded === 1 ? '' : 's'} ${verb}`);
  };

  const seconds = dataUpdatedAt ? Math.max(0, Math.round((Date.now() - dataUpdatedAt) / 1000)) : null;

  return (
    <div>
      <PageHeader
        title="Approvals"
        description="Campaigns waiting for review, oldest first. The queue refreshes itself."
        actions={
          <div className="flex items-center gap-3 text-xs text-slate-500">
            <span aria-live="off">{seconds === null ? '' : seconds < 5 ? 'Updated just now' : `Updated ${seconds}s ago`}</span>
            <Button variant="secondary" size="sm" onClick={() => refetch()} loading={isFetching} icon={<Icon name="refresh" className="size-4" />}>
              Refresh
            </Button>
          </div>
        }
      />

      {lastResult && lastResult.result.failed > 0 && (
        <div role="alert" className="mb-4 rounded-xl bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200">
          <p className="font-medium">
            {lastResult.result.failed} of {lastResult.result.failed + lastResult.result.succeeded} could not be {lastResult.action === 'approve' ? 'approved' : 'rejected'}:
          </p>
          <ul className="mt-1 list-disc pl-5">
            {lastResult.result.results
              .filter((r) => r.status === 'failed')
              .map((r) => (
                <li key={r.campaignId}>
                  <Link to={`/campaigns/${r.campaignId}`} className="underline">
                    {data?.items.find((i) => i.id === r.campaignId)?.name ?? 'Campaign'}
                  </Link>
                  : {r.error ?? 'failed'}
                </li>
              ))}
          </ul>
        </div>
      )}

      <Card bodyClassName="p-0">
        <div className="flex flex-col gap-3 border-b border-slate-100 p-4 sm:flex-row sm:items-center">
          <div className="relative sm:w-72">
            <Icon name="search" className="pointer-events-none absolute top-2.5 left-3 size-4 text-slate-400" />
            <Input type="search" aria-label="Filter the queue" placeholder="Filter by campaign, store, author…" className="pl-9" value={search} onChange={(e) => setSearch(e.target.value)} />
          </div>
          <BrandSelect allowAll value={values.brandId} onChange={(v) => set({ brandId: v })} className="sm:w-44" />
          {selected.size > 0 && (
            <div className="flex flex-wrap items-center gap-2 sm:ml-auto" role="group" aria-label="Bulk actions">
              <span className="text-sm font-medium text-slate-700">{selected.size} selected</span>
              <Button size="sm" variant="success" onClick={() => setDialog('approve')}>
                Approve selected
              </Button>
              <Button size="sm" variant="danger" onClick={() => setDialog('reject')}>
                Reject selected
              </Button>
            </div>
          )}
        </div>
        {isError ? (
          <ErrorState error={error} onRetry={() => refetch()} />
        ) : (
          <Table
            caption="Approval queue"
            columns={columns}
            rows={data ? items : undefined}
            getRowId={(c) => c.id}
            loading={isLoading}
            selectable
            selected={selected}
            onSelectedChange={setSelected}
            rowLabel={(c) => `${c.name} at ${c.locationName}`}
            empty={
              values.q ? (
                <EmptyState title="Nothing matches this filter" />
              ) : (
                <EmptyState
                  title="All caught up"
                  description={`No campaigns are waiting for review. This page checks again every ${APPROVALS_POLL_MS / 1000} seconds.`}
                  icon={<Icon name="check" className="size-6" />}
                />
              )
            }
          />
        )}
        {data && data.total > pageSize && (
          <Pagination page={page} pageSize={pageSize} total={data.total} onPageChange={(p) => set({ page: String(p) })} className="rounded-b-xl" />
        )}
      </Card>

      <CommentDialog
        open={dialog === 'approve'}
        onClose={() => setDialog(null)}
        title={`Approve ${selected.size} campaign${selected.size === 1 ? '' : 's'}`}
        description="They can then be scheduled."
        confirmLabel="Approve"
        variant="success"
        onConfirm={(comment) => runBulk('approve', comment)}
      />
      <CommentDialog
        open={dialog === 'reject'}
        onClose={() => setDialog(null)}
        title={`Reject ${selected.size} campaign${selected.size === 1 ? '' : 's'}`}
        description="Every author sees this comment and can revise their campaign."
        confirmLabel="Reject"
        variant="danger"
        requireComment
        commentLabel="What needs to change?"
        onConfirm={(comment) => runBulk('reject', comment)}
      />
    </div>
  );
}
