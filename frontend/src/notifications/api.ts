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
