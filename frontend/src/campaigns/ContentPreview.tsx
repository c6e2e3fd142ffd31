import { cn } from '../lib/cn';

const looksLikeHtml = (s: string) => /<\/?(p|div|h[1-6]|br|table|span|strong|em|a|img|ul|ol|li|html|body)\b[^>]*>/i.test(s);

/**
 * Shows rendered campaign content. HTML goes into a sandboxed iframe with no script permission,
 * so user-written markup can never run code in the app; plain text keeps its line breaks.
 */
export function ContentPreview({ content, className, title = 'Rendered content' }: { content: string | null | undefined; className?: string; title?: string }) {
  if (!content) {
    return <p className={cn('text-sm text-slate-400 italic', className)}>No content yet.</p>;
  }
  if (looksLikeHtml(content)) {
    const doc = `<!doctype html><html><head><meta charset="utf-8"><style>body{font:14px/1.55 system-ui,sans-serif;color:#0f172a;margin:16px;}img{max-width:100%;height:auto}a{color:#4f46e5}</style></head><body>${content}</body></html>`;
    return <iframe title={title} sandbox="" srcDoc={doc} className={cn('h-96 w-full rounded-lg bg-white ring-1 ring-slate-200', className)} />;
  }
  return (
    <div
      className={cn('rounded-lg bg-white p-4 text-sm leading-relaxed break-words whitespace-pre-wrap text-slate-800 ring-1 ring-slate-200', className)}
      data-testid="content-preview"
    >
      {content}
    </div>
  );
}
