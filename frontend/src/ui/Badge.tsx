import type { ReactNode } from 'react';
import type { CampaignStatus } from '../api/types';
import { cn } from '../lib/cn';
import { STATUS_COLOR, STATUS_LABEL } from '../lib/labels';

export type Tone = 'neutral' | 'brand' | 'success' | 'warning' | 'danger' | 'info';

const tones: Record<Tone, string> = {
  neutral: 'bg-slate-100 text-slate-700 ring-slate-500/20',
  brand: 'bg-brand-50 text-brand-700 ring-brand-600/20',
  success: 'bg-emerald-50 text-emerald-800 ring-emerald-600/25',
  warning: 'bg-amber-50 text-amber-800 ring-amber-600/25',
  danger: 'bg-rose-50 text-rose-800 ring-rose-600/25',
  info: 'bg-sky-50 text-sky-800 ring-sky-600/25',
};

export function Badge({ tone = 'neutral', children, className }: { tone?: Tone; children: ReactNode; className?: string }) {
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset',
        tones[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}

export function StatusBadge({ status, className }: { status: CampaignStatus; className?: string }) {
  const color = STATUS_COLOR[status] ?? STATUS_COLOR.draft;
  return (
    <span
      data-status={status}
      className={cn(
        'inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset',
        color.badge,
        className,
      )}
    >
      <span aria-hidden="true" className={cn('size-1.5 rounded-full', color.dot)} />
      {STATUS_LABEL[status] ?? status}
    </span>
  );
}
