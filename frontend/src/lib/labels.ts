import type { CampaignStatus, Role } from '../api/types';

export const STATUS_LABEL: Record<CampaignStatus, string> = {
  draft: 'Draft',
  pendingReview: 'Pending review',
  approved: 'Approved',
  rejected: 'Rejected',
  scheduled: 'Scheduled',
  active: 'Active',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

/** One colour per status, shared by badges, charts and the calendar. */
export const STATUS_COLOR: Record<CampaignStatus, { badge: string; dot: string; hex: string }> = {
  draft: { badge: 'bg-slate-100 text-slate-700 ring-slate-500/20', dot: 'bg-slate-400', hex: '#94a3b8' },
  pendingReview: { badge: 'bg-amber-50 text-amber-800 ring-amber-600/25', dot: 'bg-amber-500', hex: '#f59e0b' },
  approved: { badge: 'bg-sky-50 text-sky-800 ring-sky-600/25', dot: 'bg-sky-500', hex: '#0ea5e9' },
  rejected: { badge: 'bg-rose-50 text-rose-800 ring-rose-600/25', dot: 'bg-rose-500', hex: '#f43f5e' },
  scheduled: { badge: 'bg-indigo-50 text-indigo-800 ring-indigo-600/25', dot: 'bg-indigo-500', hex: '#6366f1' },
  active: { badge: 'bg-emerald-50 text-emerald-800 ring-emerald-600/25', dot: 'bg-emerald-500', hex: '#10b981' },
  completed: { badge: 'bg-teal-50 text-teal-800 ring-teal-600/20', dot: 'bg-teal-600', hex: '#0d9488' },
  cancelled: { badge: 'bg-zinc-100 text-zinc-500 ring-zinc-500/20', dot: 'bg-zinc-400', hex: '#a1a1aa' },
};

export const ROLE_LABEL: Record<Role, string> = {
  admin: 'Administrator',
  brandManager: 'Brand manager',
  locationManager: 'Location manager',
  viewer: 'Viewer',
};

export const ACTION_LABEL: Record<string, string> = {
  create: 'Created',
  created: 'Created',
  submit: 'Submitted for review',
  approve: 'Approved',
  reject: 'Rejected',
  revise: 'Reopened for revision',
  schedule: 'Scheduled',
  cancel: 'Cancelled',
  activate: 'Went live',
  complete: 'Completed',
};
