import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../api/problem';
import type { GenerateResult } from '../api/types';
import { Badge, Button, Field, Icon, InlineError, Input, Textarea, useToast } from '../ui';
import { campaignsApi } from './api';

/** Ask the AI for campaign copy (brand voice + similar past campaigns), then edit and keep it. */
export function AiPanel({
  campaignId,
  canEdit,
  onGenerated,
  onSave,
}: {
  campaignId: string;
  canEdit: boolean;
  /** The server stores generated copy on the campaign (new version): reload it. */
  onGenerated: () => void;
  /** Save copy the user edited after generation. */
  onSave: (content: string) => Promise<unknown>;
}) {
  const toast = useToast();
  const [instructions, setInstructions] = useState('');
  const [running, setRunning] = useState(false);
  const [elapsed, setElapsed] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<GenerateResult | null>(null);
  const [draft, setDraft] = useState('');
  const [subject, setSubject] = useState('');
  const [previewText, setPreviewText] = useState('');
  const [saving, setSaving] = useState(false);
  const abortRef = useRef<AbortController | null>(null);

  useEffect(() => {
    if (!running) return;
    const started = Date.now();
    const id = setInterval(() => setElapsed(Math.floor((Date.now() - started) / 1000)), 250);
    return () => clearInterval(id);
  }, [running]);

  useEffect(() => () => abortRef.current?.abort(), []);

  const generate = async () => {
    abortRef.current?.abort();
    const controller = new AbortController();
    abortRef.current = controller;
    setRunning(true);
    setElapsed(0);
    setError(null);
    try {
      const res = await campaignsApi.generate(campaignId, instructions.trim(), controller.signal);
      setResult(res);
      setDraft(res.content ?? '');
      onGenerated();
      setSubject(res.emailSubject ?? '');
      setPreviewText(res.previewText ?? '');
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'AbortError')) setError(e);
    } finally {
      if (abortRef.current === controller) {
        abortRef.current = null;
        setRunning(false);
      }
    }
  };

  const cancel = () => {
    abortRef.current?.abort();
    abortRef.current = null;
    setRunning(false);
  };

  const save = async () => {
    setSaving(true);
    try {
      if (draft !== result?.content) await onSave(draft);
      toast.success('AI copy saved to the campaign');
      setResult(null);
    } catch (e) {
      toast.error('Could not save', errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="space-y-4">
      {canEdit && (
        <Field label="Instructions (optional)" hint="Tone, length, what to emphasise. The brand voice and similar past campaigns are used automatically.">
          {(p) => (
            <Textarea
              {...p}
              rows={2}
              value={instructions}
              onChange={(e) => setInstructions(e.target.value)}
              placeholder="e.g. Friendly, under 80 words, mention the drive-thru"
              disabled={running}
            />
          )}
        </Field>
      )}
      {canEdit && (
        <div className="flex items-center gap-3">
          <Button onClick={generate} loading={running} icon={<Icon name="sparkles" className="size-4" />}>
            {result ? 'Generate again' : 'Generate copy'}
          </Button>
          {running && (
            <Button variant="ghost" size="sm" onClick={cancel}>
              Stop
            </Button>
          )}
        </div>
      )}
      {running && (
        <div role="status" aria-live="polite">
          <div className="h-1.5 w-full overflow-hidden rounded-full bg-brand-100">
            <div className="animate-progress h-full w-2/5 rounded-full bg-brand-500" />
          </div>
          <p className="mt-2 text-xs text-slate-500">
            {elapsed < 3 ? 'Gathering brand voice and similar campaigns…' : elapsed < 8 ? 'Writing copy…' : 'Still writing, almost there…'} ({elapsed}s)
          </p>
        </div>
      )}
      {!!error && <InlineError error={error} />}
      {result && !running && (
        <div className="space-y-4 rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200">
          <div className="flex flex-wrap items-center gap-2 text-xs">
            {result.usedAi ? <Badge tone="brand">AI · {result.model ?? 'model'}</Badge> : <Badge tone="warning">Template fallback</Badge>}
            {result.fallbackReason && <span className="text-slate-500">{result.fallbackReason}</span>}
            {result.examples.length > 0 && (
              <span className="text-slate-500">
                Inspired by{' '}
                {result.examples.map((id, i) => (
                  <span key={id}>
                    {i > 0 && ', '}
                    <Link to={`/campaigns/${id}`} className="text-brand-600 hover:underline">
                      example {i + 1}
                    </Link>
                  </span>
                ))}
              </span>
            )}
          </div>
          {(subject || previewText) && (
            <div className="grid gap-4 sm:grid-cols-2">
              {subject && <Field label="Suggested email subject">{(p) => <Input {...p} value={subject} onChange={(e) => setSubject(e.target.value)} />}</Field>}
              {previewText && <Field label="Suggested preview text">{(p) => <Input {...p} value={previewText} onChange={(e) => setPreviewText(e.target.value)} />}</Field>}
            </div>
          )}
          <Field label="Generated copy" hint="Already saved on the campaign; edit it here and keep your version.">
            {(p) => <Textarea {...p} rows={8} value={draft} onChange={(e) => setDraft(e.target.value)} className="font-[inherit]" />}
          </Field>
          <div className="flex gap-3">
            <Button onClick={save} loading={saving} disabled={!draft.trim()}>
              {draft !== result.content ? 'Save my edits' : 'Done'}
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}
