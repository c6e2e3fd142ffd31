import { useEffect, useRef, useState, type DragEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { downloadFile } from '../api';
import { errorMessage } from '../api/problem';
import type { ImportJob } from '../api/types';
import { useBrand } from '../brands/api';
import { cn } from '../lib/cn';
import { useDocumentTitle } from '../lib/hooks';
import { formatRelative } from '../lib/time';
import { Badge, Button, ButtonLink, Card, ErrorState, Icon, InlineError, PageHeader, PageLoader, useToast } from '../ui';
import { IMPORT_POLL_MS, importsApi, importOutcome, isFinished } from './api';

const MAX_BYTES = 20 * 1024 * 1024; // the server's Imports:MaxFileBytes default
const ACCEPT = '.xlsx,.xls,.csv';

function formatBytes(n: number) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function ImportProgress({ job }: { job: ImportJob }) {
  const total = job.totalRows ?? 0;
  const done = job.processedRows ?? 0;
  const pct = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : null;
  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between text-sm">
        <span className="font-medium text-slate-700">{job.status === 'queued' ? 'Waiting to start…' : job.dryRun ? 'Checking rows…' : 'Importing rows…'}</span>
        <span className="text-slate-500 tabular-nums">{pct !== null ? `${done.toLocaleString()} of ${total.toLocaleString()} rows` : ''}</span>
      </div>
      <div
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
        aria-valuetext={pct !== null ? `${pct}%` : 'In progress'}
        className="h-2.5 w-full overflow-hidden rounded-full bg-slate-100"
      >
        {pct !== null ? (
          <div className="h-full rounded-full bg-brand-600 transition-[width] duration-500" style={{ width: `${Math.max(2, pct)}%` }} />
        ) : (
          <div className="animate-progress h-full w-2/5 rounded-full bg-brand-500" />
        )}
      </div>
    </div>
  );
}

function Stat({ label, value, tone }: { label: string; value: number; tone: string }) {
  return (
    <div className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
      <p className="text-xs font-medium text-slate-500">{label}</p>
      <p className={cn('mt-1 text-2xl font-semibold tabular-nums', tone)}>{value.toLocaleString()}</p>
    </div>
  );
}

export function ImportResult({ job }: { job: ImportJob }) {
  const toast = useToast();
  const [showAll, setShowAll] = useState(false);
  const errors = job.errors ?? [];
  const shown = showAll ? errors : errors.slice(0, 50);
  const would = job.dryRun ? 'Would be ' : '';
  return (
    <div className="space-y-5" data-testid="import-result">
      {job.status === 'failed' && (
        <div role="alert" className="rounded-lg bg-rose-50 p-4 text-sm text-rose-800 ring-1 ring-rose-200">
          <p className="font-medium">The import could not be completed.</p>
          {job.message && <p className="mt-1">{job.message}</p>}
        </div>
      )}
      {job.status === 'succeeded' && job.failed > 0 && (
        <div role="status" className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
          {job.dryRun
            ? `The check found ${job.failed.toLocaleString()} row${job.failed === 1 ? '' : 's'} with errors; those rows would be skipped.`
            : `The import completed with ${job.failed.toLocaleString()} row error${job.failed === 1 ? '' : 's'}: those rows were not imported.`}
        </div>
      )}
      {job.status === 'succeeded' && job.message && (
        <div role="status" className="rounded-lg bg-sky-50 p-3 text-sm text-sky-900 ring-1 ring-sky-200">
          {job.message}
        </div>
      )}
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Stat label={`${would}created`.replace(/^./, (c) => c.toUpperCase())} value={job.created} tone="text-emerald-700" />
        <Stat label={`${would}updated`.replace(/^./, (c) => c.toUpperCase())} value={job.updated} tone="text-sky-700" />
        <Stat label="Unchanged" value={job.unchanged} tone="text-slate-700" />
        <Stat label="Rows with errors" value={job.failed} tone={job.failed ? 'text-rose-700' : 'text-slate-700'} />
      </div>
      {errors.length > 0 && (
        <div>
          <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
            <h3 className="text-sm font-semibold text-slate-900">Row errors</h3>
            <Button
              variant="secondary"
              size="sm"
              icon={<Icon name="download" className="size-4" />}
              onClick={() => downloadFile(`/imports/${job.id}/errors.csv`, `import-errors-${job.id}.csv`).catch((e) => toast.error('Download failed', errorMessage(e)))}
            >
              Download error CSV
            </Button>
          </div>
          <div className="overflow-x-auto rounded-lg ring-1 ring-slate-200">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <caption className="sr-only">Rows that could not be imported</caption>
              <thead className="bg-slate-50">
                <tr className="text-left text-xs font-semibold tracking-wide text-slate-500 uppercase">
                  <th scope="col" className="px-4 py-2">Row</th>
                  <th scope="col" className="px-4 py-2">Column</th>
                  <th scope="col" className="px-4 py-2">Value</th>
                  <th scope="col" className="px-4 py-2">Problem</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 bg-white">
                {shown.map((e, i) => (
                  <tr key={`${e.row}-${e.column}-${i}`}>
                    <td className="px-4 py-2 font-mono text-xs tabular-nums">{e.row}</td>
                    <td className="px-4 py-2 text-slate-600">{e.column ?? '—'}</td>
                    <td className="max-w-48 truncate px-4 py-2 font-mono text-xs text-slate-500" title={e.value ?? undefined}>
                      {e.value ?? ''}
                    </td>
                    <td className="px-4 py-2 text-rose-700">{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {errors.length > shown.length && (
            <button type="button" className="mt-2 text-sm font-medium text-brand-600 hover:text-brand-800" onClick={() => setShowAll(true)}>
              Show all {errors.length} errors
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function RecentImports({ brandId, onOpen }: { brandId: string; onOpen: (id: string) => void }) {
  const { data, isError } = useQuery({ queryKey: ['imports', brandId], queryFn: () => importsApi.recent(brandId), staleTime: 10_000 });
  if (isError || !data?.items.length) return null;
  return (
    <Card title="Recent imports" bodyClassName="p-0">
      <ul className="divide-y divide-slate-100">
        {data.items.map((j) => (
          <li key={j.id}>
            <button type="button" onClick={() => onOpen(j.id)} className="flex w-full items-center justify-between gap-3 px-5 py-3 text-left hover:bg-slate-50">
              <span className="min-w-0">
                <span className="block truncate text-sm font-medium text-slate-900">{j.fileName}</span>
                <span className="block text-xs text-slate-500">
                  {j.dryRun ? 'Dry run' : 'Import'}
                  {j.createdAt ? ` · ${formatRelative(j.createdAt)}` : ''} · {j.created} created, {j.updated} updated, {j.failed} with errors
                </span>
              </span>
              <Badge tone={importOutcome(j).tone}>{importOutcome(j).label}</Badge>
            </button>
          </li>
        ))}
      </ul>
    </Card>
  );
}

export default function ImportPage() {
  const { brandId } = useParams();
  const brand = useBrand(brandId);
  const toast = useToast();
  const queryClient = useQueryClient();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string>();
  const [dragging, setDragging] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<unknown>(null);
  const [checked, setChecked] = useState<ImportJob | null>(null);
  useDocumentTitle('Import locations');

  const job = useQuery({
    queryKey: ['import', jobId],
    queryFn: () => importsApi.get(jobId!),
    enabled: !!jobId,
    refetchInterval: (q) => (isFinished(q.state.data) ? false : IMPORT_POLL_MS),
    staleTime: 0,
  });
  const current = job.data;
  const running = !!jobId && !isFinished(current);

  useEffect(() => {
    if (current && isFinished(current) && current.dryRun) setChecked(current);
    // A finished real import changes the brand's locations.
    if (current && isFinished(current) && !current.dryRun) queryClient.invalidateQueries({ queryKey: ['locations'] });
    if (current && isFinished(current)) queryClient.invalidateQueries({ queryKey: ['imports'] });
  }, [current, queryClient]);

  const choose = (f: File | undefined | null) => {
    setFileError(undefined);
    setJobId(null);
    setChecked(null);
    setStartError(null);
    if (!f) return setFile(null);
    if (!/\.(xlsx|xls|csv)$/i.test(f.name)) return setFileError('Choose an Excel (.xlsx, .xls) or CSV file.');
    if (f.size > MAX_BYTES) return setFileError(`The file is ${formatBytes(f.size)}; the limit is ${formatBytes(MAX_BYTES)}.`);
    setFile(f);
  };

  const start = async (dryRun: boolean) => {
    if (!file || !brandId) return;
    setStarting(true);
    setStartError(null);
    try {
      const started = await importsApi.start(brandId, file, dryRun);
      queryClient.setQueryData(['import', started.id], started);
      setJobId(started.id);
    } catch (e) {
      setStartError(e);
    } finally {
      setStarting(false);
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    choose(e.dataTransfer.files?.[0]);
  };

  if (brand.isLoading) return <PageLoader />;
  if (brand.error || !brand.data) return <ErrorState error={brand.error} onRetry={() => brand.refetch()} what="brand" />;

  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        breadcrumbs={[
          { label: 'Brands', to: '/brands' },
          { label: brand.data.name, to: `/brands/${brandId}` },
          { label: 'Import' },
        ]}
        title="Import locations"
        description={`Add or update ${brand.data.name} stores from a spreadsheet. Rows are matched on store number.`}
      />
      <div className="space-y-6">
        <Card title="1. Get the template">
          <div className="flex flex-col gap-4 sm:flex-row sm:items-center sm:justify-between">
            <p className="text-sm text-slate-600">Start from the template so the columns are named the way StoreSync expects. One row per store.</p>
            <Button
              variant="secondary"
              icon={<Icon name="download" className="size-4" />}
              onClick={() =>
                downloadFile(`/brands/${brandId}/locations/import-template`, `${brand.data!.slug}-locations-template.xlsx`).catch((e) => toast.error('Download failed', errorMessage(e)))
              }
            >
              Download template
            </Button>
          </div>
        </Card>

        <Card title="2. Upload and check">
          <label
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            className={cn(
              'flex cursor-pointer flex-col items-center justify-center rounded-xl border-2 border-dashed px-6 py-10 text-center transition',
              dragging ? 'border-brand-500 bg-brand-50' : 'border-slate-300 hover:border-slate-400',
            )}
          >
            <Icon name="upload" className="size-8 text-slate-400" />
            <span className="mt-3 text-sm font-medium text-slate-900">{file ? file.name : 'Drop a spreadsheet here, or click to choose'}</span>
            <span className="mt-1 text-xs text-slate-500">{file ? formatBytes(file.size) : `.xlsx, .xls or .csv up to ${formatBytes(MAX_BYTES)}`}</span>
            <input
              ref={inputRef}
              type="file"
              accept={ACCEPT}
              className="sr-only"
              aria-label="Spreadsheet file"
              onChange={(e) => {
                choose(e.target.files?.[0]);
                e.target.value = '';
              }}
            />
          </label>
          {fileError && (
            <p role="alert" className="mt-2 text-sm font-medium text-rose-600">
              {fileError}
            </p>
          )}
          <div className="mt-5 flex flex-wrap gap-3">
            <Button onClick={() => start(true)} disabled={!file || running} loading={starting && !checked} variant={checked ? 'secondary' : 'primary'}>
              Check file (dry run)
            </Button>
            {checked && file && checked.fileName === file.name && checked.status === 'succeeded' && (!current || current.dryRun) && (
              <Button onClick={() => start(false)} disabled={running || checked.created + checked.updated === 0} loading={starting}>
                Import {checked.created + checked.updated} location{checked.created + checked.updated === 1 ? '' : 's'}
              </Button>
            )}
          </div>
          {!!startError && <InlineError error={startError} className="mt-4" />}
        </Card>

        {current && (
          <Card
            title={
              <span className="flex items-center gap-2">
                {current.dryRun ? 'Dry run' : 'Import'} · {current.fileName}
                <Badge tone={importOutcome(current).tone}>{importOutcome(current).label}</Badge>
              </span>
            }
          >
            {job.isError ? (
              <ErrorState error={job.error} onRetry={() => job.refetch()} />
            ) : !isFinished(current) ? (
              <ImportProgress job={current} />
            ) : (
              <>
                <ImportResult job={current} />
                {current.dryRun && current.status === 'succeeded' && (
                  <p className="mt-4 text-sm text-slate-500">
                    Nothing has been saved yet. {current.failed > 0 ? 'Rows with errors are skipped: fix them in the file and check again, or press ' : 'Press '}
                    <span className="font-medium">Import</span> to apply the changes.
                  </p>
                )}
                {!current.dryRun && current.status === 'succeeded' && (
                  <div className="mt-5 flex gap-3">
                    <ButtonLink to={`/brands/${brandId}?sort=-createdAt`}>View locations</ButtonLink>
                    <Button
                      variant="ghost"
                      onClick={() => {
                        setFile(null);
                        setJobId(null);
                        setChecked(null);
                      }}
                    >
                      Import another file
                    </Button>
                  </div>
                )}
              </>
            )}
          </Card>
        )}
        <RecentImports brandId={brandId!} onOpen={(id) => { setChecked(null); setJobId(id); }} />
        <p className="text-center text-xs text-slate-400">
          Spreadsheets dropped into the brand&apos;s storage folder are imported the same way. <Link to={`/brands/${brandId}`} className="underline">Back to locations</Link>
        </p>
      </div>
    </div>
  );
}
