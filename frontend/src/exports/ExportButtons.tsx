import { useState } from 'react';
import { errorMessage, type Query } from '../api';
import { Button, Icon, useToast } from '../ui';
import { downloadExport } from './download';

/** "CSV" and "Excel" download buttons for an export endpoint; the filters in use go along. */
export function ExportButtons({ path, query, name, label = 'Export' }: { path: string; query: Query; name: string; label?: string }) {
  const toast = useToast();
  const [busy, setBusy] = useState<'csv' | 'xlsx' | null>(null);
  const run = async (format: 'csv' | 'xlsx') => {
    setBusy(format);
    try {
      await downloadExport(path, { ...query, format }, `${name}.${format}`);
    } catch (e) {
      toast.error('Export failed', errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="flex items-center gap-2" role="group" aria-label={label}>
      <Button variant="secondary" size="sm" loading={busy === 'csv'} onClick={() => run('csv')} icon={<Icon name="download" className="size-4" />}>
        {label} CSV
      </Button>
      <Button variant="secondary" size="sm" loading={busy === 'xlsx'} onClick={() => run('xlsx')} icon={<Icon name="download" className="size-4" />}>
        {label} Excel
      </Button>
    </div>
  );
}
