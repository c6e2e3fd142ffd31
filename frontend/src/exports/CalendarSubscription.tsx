import { useState } from 'react';
import { api, errorMessage } from '../api';
import type { components } from '../api/schema';
import { Button, Icon, Input, useToast } from '../ui';

type CalendarToken = components['schemas']['CalendarTokenResponse'];

/**
 * The personal calendar feed: a secret address that Outlook, Google or Apple Calendar subscribe to. It is shown once, when
 * made (only its hash is kept); making a new one stops the old one.
 */
export function CalendarSubscription() {
  const toast = useToast();
  const [feed, setFeed] = useState<CalendarToken | null>(null);
  const [busy, setBusy] = useState(false);
  const issue = async () => {
    setBusy(true);
    try {
      setFeed(await api.post<CalendarToken>('/auth/me/calendar-token'));
    } catch (e) {
      toast.error('Could not create the calendar link', errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const copy = async () => {
    if (!feed) return;
    try {
      await navigator.clipboard.writeText(feed.url);
      toast.success('Calendar link copied', 'Paste it into your calendar app as a subscription ("From URL").');
    } catch {
      toast.error('Copy failed', 'Select the link and copy it yourself.');
    }
  };
  return (
    <div className="space-y-3 text-sm text-slate-600">
      <p>
        Subscribe in Outlook, Google Calendar or Apple Calendar to see scheduled and live campaigns of your stores, in each store’s local time. The link
        works without signing in, so keep it private. Making a new link turns the old one off.
      </p>
      {feed ? (
        <div className="flex flex-col gap-2 sm:flex-row">
          <Input readOnly aria-label="Calendar subscription link" value={feed.url} onFocus={(e) => e.currentTarget.select()} className="font-mono text-xs" />
          <Button variant="secondary" onClick={copy} icon={<Icon name="link" className="size-4" />}>
            Copy
          </Button>
        </div>
      ) : null}
      <Button variant={feed ? 'ghost' : 'secondary'} size="sm" loading={busy} onClick={issue} icon={<Icon name="calendar" className="size-4" />}>
        {feed ? 'Make a new link (turns this one off)' : 'Create calendar link'}
      </Button>
    </div>
  );
}
