import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../api/problem';
import { browserTimeZone } from '../lib/plainWords';
import { formatDateTime, tzAbbreviation, utcToZonedLocal, zonedLocalToUtc } from '../lib/time';
import { Button, Dialog, Field, FormError, Input, Textarea } from '../ui';

export interface ScheduleValues {
  scheduledStartLocal: string;
  scheduledEndLocal: string;
  comment?: string;
}

function defaults(timeZone: string, start?: string | null, end?: string | null) {
  if (start && end) return { start: utcToZonedLocal(start, timeZone), end: utcToZonedLocal(end, timeZone) };
  const tomorrow = utcToZonedLocal(new Date(Date.now() + 86_400_000), timeZone).slice(0, 10);
  const weekLater = utcToZonedLocal(new Date(Date.now() + 8 * 86_400_000), timeZone).slice(0, 10);
  return { start: `${tomorrow}T09:00`, end: `${weekLater}T21:00` };
}

/** Pick start and end as wall-clock times in the store's own time zone; the server converts to UTC. */
export function ScheduleDialog({
  open,
  onClose,
  timeZone,
  locationName,
  initialStart,
  initialEnd,
  onConfirm,
  now = () => Date.now(),
}: {
  open: boolean;
  onClose: () => void;
  timeZone: string;
  locationName: string;
  initialStart?: string | null;
  initialEnd?: string | null;
  onConfirm: (values: ScheduleValues) => Promise<unknown>;
  now?: () => number;
}) {
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<{ start?: string; end?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    const d = defaults(timeZone, initialStart, initialEnd);
    setStart(d.start);
    setEnd(d.end);
    setComment('');
    setErrors({});
  }, [open, timeZone, initialStart, initialEnd]);

  const startUtc = start ? zonedLocalToUtc(start, timeZone) : null;
  const endUtc = end ? zonedLocalToUtc(end, timeZone) : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (!start || !startUtc || Number.isNaN(startUtc.getTime())) next.start = 'Choose when the campaign starts.';
    if (!end || !endUtc || Number.isNaN(endUtc.getTime())) next.end = 'Choose when the campaign ends.';
    if (!next.start && !next.end && startUtc! >= endUtc!) next.end = 'The end must be after the start.';
    if (!next.end && endUtc && endUtc.getTime() <= now()) next.end = 'The end must be in the future.';
    setErrors(next);
    if (next.start || next.end) return;
    setBusy(true);
    try {
      await onConfirm({ scheduledStartLocal: start, scheduledEndLocal: end, comment: comment.trim() || undefined });
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.hasFieldErrors) {
        setErrors({
          start: error.fieldError('scheduledStartLocal') ?? error.fieldError('scheduledStart'),
          end: error.fieldError('scheduledEndLocal') ?? error.fieldError('scheduledEnd'),
          form: error.fieldError('scheduledStartLocal') || error.fieldError('scheduledEndLocal') || error.fieldError('scheduledStart') || error.fieldError('scheduledEnd') ? undefined : errorMessage(error),
        });
      } else {
        setErrors({ form: errorMessage(error) });
      }
    } finally {
      setBusy(false);
    }
  };

  const mine = browserTimeZone();
  const tz = `${timeZone} (${tzAbbreviation(timeZone, startUtc && !Number.isNaN(startUtc.getTime()) ? startUtc : new Date())})`;

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Schedule campaign"
      description={`Times are local to ${locationName}: ${tz}. The campaign switches on and off automatically.`}
      dismissible={!busy}
    >
      <form onSubmit={submit} noValidate className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Starts (store local time)" error={errors.start} required hint={startUtc && !Number.isNaN(startUtc.getTime()) && mine !== timeZone ? `Your time: ${formatDateTime(startUtc.toISOString(), mine)}` : undefined}>
            {(p) => <Input {...p} type="datetime-local" name="scheduledStartLocal" value={start} onChange={(e) => {
              setStart(e.target.value);
              // The end's "after the start" message is about both fields: a new start may fix it.
              setErrors((x) => ({ ...x, start: undefined, end: undefined, form: undefined }));
            }} />}
          </Field>
          <Field label="Ends (store local time)" error={errors.end} required hint={endUtc && !Number.isNaN(endUtc.getTime()) && mine !== timeZone ? `Your time: ${formatDateTime(endUtc.toISOString(), mine)}` : undefined}>
            {(p) => <Input {...p} type="datetime-local" name="scheduledEndLocal" value={end} onChange={(e) => {
              setEnd(e.target.value);
              setErrors((x) => ({ ...x, end: undefined, form: undefined }));
            }} />}
          </Field>
        </div>
        <Field label="Comment (optional)">
          {(p) => <Textarea {...p} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />}
        </Field>
        <FormError message={errors.form} />
        <div className="flex justify-end gap-3 pt-2">
          <Button variant="secondary" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Schedule
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
