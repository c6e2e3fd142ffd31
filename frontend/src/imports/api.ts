import { api } from '../api';
import type { ImportJob, Page } from '../api/types';

export const IMPORT_POLL_MS = 750;

export const importsApi = {
  /** Upload a spreadsheet; the server answers 202 with the job (and a Location header). */
  start: async (brandId: string, file: File, dryRun: boolean): Promise<ImportJob> => {
    const form = new FormData();
    form.append('file', file, file.name);
    const res = await api.send<Partial<ImportJob> | undefined>(`/brands/${brandId}/locations/import`, {
      method: 'POST',
      body: form,
      query: { dryRun },
    });
    const fromHeader = res.headers.get('Location')?.split('/').filter(Boolean).pop();
    const id = res.data?.id ?? fromHeader;
    if (!id) throw new Error('The server did not return an import id.');
    return {
      brandId,
      status: 'queued',
      dryRun,
      fileName: file.name,
      totalRows: null,
      processedRows: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      failed: 0,
      errors: [],
      ...res.data,
      id,
    };
  },
  get: (id: string) => api.get<ImportJob>(`/imports/${id}`),
  recent: (brandId: string) => api.get<Page<ImportJob & { createdAt?: string }>>('/imports', { brandId, pageSize: 5, sort: '-createdAt' }),
};

export function isFinished(job: ImportJob | undefined) {
  return job?.status === 'succeeded' || job?.status === 'failed';
}

/**
 * What a finished (or running) job amounts to, in words: a job that finished but skipped rows did not simply
 * "succeed", it completed with row errors.
 */
export function importOutcome(job: Pick<ImportJob, 'status' | 'dryRun' | 'failed'>): { label: string; tone: 'success' | 'warning' | 'danger' | 'info' } {
  if (job.status === 'failed') return { label: 'Failed', tone: 'danger' };
  if (job.status === 'queued') return { label: 'Queued', tone: 'info' };
  if (job.status === 'running') return { label: 'Running', tone: 'info' };
  if (job.failed > 0) {
    const errors = `${job.failed.toLocaleString()} row error${job.failed === 1 ? '' : 's'}`;
    return { label: job.dryRun ? `Checked: ${errors}` : `Completed with ${errors}`, tone: 'warning' };
  }
  return { label: job.dryRun ? 'Checked' : 'Completed', tone: 'success' };
}
