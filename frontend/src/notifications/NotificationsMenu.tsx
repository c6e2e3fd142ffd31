import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { Notification } from '../api/types';
import { cn } from '../lib/cn';
import { formatRelative } from '../lib/time';
import { Icon, Popover, Spinner } from '../ui';
import { plainWords } from '../lib/plainWords';
import { NOTIFICATION_KIND_LABEL, notificationTarget, notificationsApi, unreadFirst, useNotifications, type BellNotification } from './api';

export function NotificationsMenu() {
  const { data, isLoading, isError, refetch } = useNotifications();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const unread = data?.unread ?? 0;

  const invalidate = () => queryClient.invalidateQueries({ queryKey: ['notifications'] });
  // Shown read at once (the dot and the count go), then confirmed by a refetch.
  const markRead = useMutation({
    mutationFn: notificationsApi.markRead,
    onMutate: (id: string) =>
      queryClient.setQueryData<{ items: Notification[]; unread: number }>(['notifications'], (old) =>
        old && {
          ...old,
          unread: Math.max(0, old.unread - (old.items.some((n) => n.id === id && !n.readAt) ? 1 : 0)),
          items: old.items.map((n) => (n.id === id && !n.readAt ? { ...n, readAt: new Date().toISOString() } : n)),
        },
      ),
    onSettled: invalidate,
  });
  const markAll = useMutation({ mutationFn: notificationsApi.markAllRead, onSuccess: invalidate });

  const items = unreadFirst((data?.items ?? []) as BellNotification[]);
  const firstRead = items.findIndex((n) => !!n.readAt);

  const open = (n: BellNotification, close: () => void) => {
    if (!n.readAt) markRead.mutate(n.id);
    close();
    const to = notificationTarget(n);
    if (to) navigate(to);
  };

  return (
    <Popover
      label="Notifications"
      panelClassName="w-[min(24rem,calc(100vw-2rem))]"
      trigger={(p) => (
        <button
          type="button"
          {...p}
          className="relative rounded-full p-2 text-slate-500 hover:bg-slate-100 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-brand-600"
          aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'}
        >
          <Icon name="bell" className="size-6" />
          {unread > 0 && (
            <span className="absolute top-1 right-1 flex min-w-4 items-center justify-center rounded-full bg-rose-500 px-1 text-[10px] leading-4 font-semibold text-white ring-2 ring-white">
              {unread > 99 ? '99+' : unread}
            </span>
          )}
        </button>
      )}
    >
      {(close) => (
        <div>
          <div className="flex items-center justify-between border-b border-slate-100 px-4 py-3">
            <h2 className="text-sm font-semibold text-slate-900">Notifications</h2>
            <button
              type="button"
              className="text-xs font-medium text-brand-600 hover:text-brand-800 disabled:text-slate-300"
              disabled={unread === 0 || markAll.isPending}
              onClick={() => markAll.mutate()}
            >
              Mark all as read
            </button>
          </div>
          <div className="max-h-96 overflow-y-auto">
            {isLoading ? (
              <div className="flex justify-center py-8 text-slate-400">
                <Spinner />
              </div>
            ) : isError ? (
              <div className="px-4 py-8 text-center text-sm text-slate-500">
                Could not load notifications.{' '}
                <button type="button" className="font-medium text-brand-600 hover:underline" onClick={() => refetch()}>
                  Retry
                </button>
              </div>
            ) : !items.length ? (
              <div className="px-4 py-10 text-center">
                <Icon name="inbox" className="mx-auto size-8 text-slate-300" />
                <p className="mt-2 text-sm text-slate-500">You are all caught up.</p>
              </div>
            ) : (
              <ul className="divide-y divide-slate-100">
                {items.map((n, i) => (
                  <li key={n.id}>
                    {i === 0 && !n.readAt && <p className="bg-slate-50 px-4 py-1 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">New</p>}
                    {i === firstRead && <p className="bg-slate-50 px-4 py-1 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">Earlier</p>}
                    <button
                      type="button"
                      onClick={() => open(n, close)}
                      className={cn('flex w-full gap-3 px-4 py-3 text-left hover:bg-slate-50 focus-visible:bg-slate-50 focus-visible:outline-none', !n.readAt && 'bg-brand-50/40')}
                    >
                      <span className={cn('mt-1.5 size-2 shrink-0 rounded-full', n.readAt ? 'bg-transparent' : 'bg-brand-500')} aria-hidden="true" />
                      <span className="min-w-0 flex-1">
                        {n.title && NOTIFICATION_KIND_LABEL[n.kind] && n.kind.startsWith('campaign') && (
                          <span className="block text-xs font-medium text-slate-500">{NOTIFICATION_KIND_LABEL[n.kind]}</span>
                        )}
                        <span className={cn('block text-sm', n.readAt ? 'text-slate-700' : 'font-medium text-slate-900')}>
                          {plainWords(n.title) || NOTIFICATION_KIND_LABEL[n.kind] || 'Notification'}
                        </span>
                        {n.body && <span className="mt-0.5 line-clamp-3 block text-sm whitespace-pre-line text-slate-500">{plainWords(n.body)}</span>}
                        <span className="mt-1 block text-xs text-slate-400">
                          {formatRelative(n.createdAt)}
                          {!n.readAt && <span className="sr-only"> (unread)</span>}
                        </span>
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
    </Popover>
  );
}
