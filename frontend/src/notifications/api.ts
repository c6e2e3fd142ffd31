import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { Notification } from '../api/types';

export const NOTIFICATIONS_POLL_MS = 30_000;

export const notificationsApi = {
  list: (unreadOnly = false) => api.get<{ items: Notification[]; unread: number }>('/notifications', { unreadOnly: unreadOnly || undefined }),
  markRead: (id: string) => api.post(`/notifications/${id}/read`),
  markAllRead: () => api.post('/notifications/read-all'),
};

export function useNotifications() {
  return useQuery({
    queryKey: ['notifications'],
    queryFn: () => notificationsApi.list(),
    refetchInterval: NOTIFICATIONS_POLL_MS,
    retry: false,
  });
}

/** What each kind of notification is about, in plain words (used when the server sends no title of its own). */
export const NOTIFICATION_KIND_LABEL: Record<string, string> = {
  reminder: 'A review is waiting',
  digest: 'Reviews are waiting',
  unscheduledStart: 'An approved campaign was never scheduled',
  campaignApproved: 'Your campaign was approved',
  campaignRejected: 'Your campaign was rejected',
  campaignScheduled: 'Your campaign was scheduled',
  campaignActivated: 'Your campaign is live',
  campaignCompleted: 'Your campaign has ended',
  campaignCancelled: 'Your campaign was cancelled',
  mention: 'You were mentioned',
  rolloutReminder: 'A rollout waits for your store',
  comment: 'New comment',
};

/** Kinds about the review queue as a whole: they open the approvals page. */
const QUEUE_KINDS = new Set(['digest', 'reminder', 'reviewReminder', 'reviewDigest', 'approvalsWaiting']);

/** A notification as the bell shows it; `rolloutId` is the rollout of the campaign it names, when there is one. */
export type BellNotification = Notification & { rolloutId?: string | null };

/**
 * Where a notification takes its reader: the rollout page for rollout-wide kinds (`rollout…`), its campaign when it
 * names one (`campaignId`), the approvals queue for review reminders and digests, otherwise nowhere (it is only marked read).
 */
export function notificationTarget(n: BellNotification): string | null {
  if (n.rolloutId && n.kind.startsWith('rollout')) return `/rollouts/${n.rolloutId}`;
  if (n.campaignId) return `/campaigns/${n.campaignId}`;
  if (QUEUE_KINDS.has(n.kind) || /review/i.test(n.kind)) return '/approvals';
  return null;
}

/** Unread first, each part in the server's order (newest first): the bell never buries an unread one under read ones. */
export function unreadFirst<T extends { readAt?: string | null }>(items: readonly T[]): T[] {
  return [...items.filter((n) => !n.readAt), ...items.filter((n) => !!n.readAt)];
}
