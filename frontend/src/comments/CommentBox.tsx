import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../api';
import { useDebouncedValue } from '../lib/hooks';
import { cn } from '../lib/cn';
import { Button, Textarea, useToast } from '../ui';
import { MAX_COMMENT, commentsApi, mentionAt, useMentionable } from './api';

/**
 * A comment box with @username autocomplete: typing "@" and a few letters lists people who can see the campaign; arrow
 * keys move through them, Enter or Tab takes one, Escape closes the list. Ctrl+Enter (⌘+Enter) sends.
 */
export function CommentBox({ campaignId }: { campaignId: string }) {
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  // Where the caret goes once a picked name is in the box. Set in the layout effect of that very render, before the next
  // keystroke can land (a requestAnimationFrame came too late for fast typing: the next letters went in before the caret moved).
  const pendingCaret = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (pendingCaret.current === null) return;
    ref.current?.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  });
  const listId = useId();
  const toast = useToast();
  const queryClient = useQueryClient();

  const mention = mentionAt(text, caret);
  const open = mention !== null && dismissed !== mention.start;
  const query = useDebouncedValue(open ? mention!.query : null, 150);
  const people = useMentionable(campaignId, open ? query : null);
  const options = open ? (people.data ?? []) : [];
  const expanded = options.length > 0;
  const trimmed = text.trim();

  const pick = (username: string) => {
    if (!mention) return;
    const next = `${text.slice(0, mention.start)}@${username} ${text.slice(caret)}`;
    const at = mention.start + username.length + 2;
    setText(next);
    setCaret(at);
    setActive(0);
    pendingCaret.current = at;
  };

  const send = async () => {
    if (!trimmed) return setError('Write something first.');
    if (trimmed.length > MAX_COMMENT) return setError(`At most ${MAX_COMMENT.toLocaleString()} characters.`);
    setBusy(true);
    setError(null);
    try {
      await commentsApi.add(campaignId, trimmed);
      setText('');
      setCaret(0);
      queryClient.invalidateQueries({ queryKey: ['campaign', campaignId, 'timeline'] });
    } catch (e) {
      toast.error('Could not post the comment', errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (expanded) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        pick(options[Math.min(active, options.length - 1)].username);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setDismissed(mention!.start);
        return;
      }
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void send();
    }
  };

  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <div className="relative">
        <Textarea
          ref={ref}
          aria-label="Comment"
          placeholder="Add a comment; type @ to mention someone"
          value={text}
          maxLength={MAX_COMMENT + 100}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded ? `${listId}-${Math.min(active, options.length - 1)}` : undefined}
          aria-invalid={!!error || undefined}
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart ?? e.target.value.length);
            setActive(0);
            setError(null);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
          onKeyDown={onKeyDown}
        />
        <ul
          id={listId}
          role="listbox"
          aria-label="People who can see this campaign"
          hidden={!expanded}
          className="absolute z-10 mt-1 max-h-60 w-full overflow-auto rounded-lg bg-white py-1 shadow-lg ring-1 ring-slate-200"
        >
          {options.map((p, i) => (
            <li
              key={p.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(p.username);
              }}
              className={cn('cursor-pointer px-3 py-1.5 text-sm', i === active ? 'bg-brand-50 text-brand-800' : 'text-slate-700')}
            >
              <span className="font-medium">@{p.username}</span>
              {p.displayName && p.displayName !== p.username && <span className="text-slate-500"> {p.displayName}</span>}
            </li>
          ))}
        </ul>
      </div>
      <div className="flex items-center justify-between gap-3">
        <p className={cn('text-xs', error || trimmed.length > MAX_COMMENT ? 'text-rose-600' : 'text-slate-400')} role={error ? 'alert' : undefined}>
          {error ?? `${trimmed.length.toLocaleString()} / ${MAX_COMMENT.toLocaleString()}`}
        </p>
        <Button type="submit" size="sm" loading={busy} disabled={!trimmed}>
          Comment
        </Button>
      </div>
    </form>
  );
}
