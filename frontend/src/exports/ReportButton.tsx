import { useState } from 'react';
import { errorMessage } from '../api';
import { Button, Icon, useToast } from '../ui';
import { downloadExport } from './download';

/** The leadership PDF (last 30 days) of the brand the dashboard shows, or of every brand the user sees. */
export function ReportButton({ brandId }: { brandId?: string }) {
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await downloadExport('/reports/campaigns.pdf', { brandId }, 'campaign-report.pdf');
    } catch (e) {
      toast.error('Report failed', errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant="secondary" loading={busy} onClick={run} icon={<Icon name="download" className="size-4" />}>
      PDF report
    </Button>
  );
}
