import { forwardRef, useEffect, useId, useRef, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { cn } from '../lib/cn';

export const inputClass =
  'block rounded-lg border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 ' +
  'placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-600 focus:outline-none ' +
  'disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500 ' +
  'aria-[invalid=true]:ring-rose-400 aria-[invalid=true]:focus:ring-rose-500';

/** Full width unless the caller sets a width of its own (two width utilities would fight). */
export function controlClass(className?: string, extra?: string) {
  return cn(inputClass, !/(^|\s)w-/.test(className ?? '') && 'w-full', extra, className);
}

export interface ControlProps {
  id: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  required?: boolean;
}

export function Field({
  label,
  error,
  hint,
  required,
  className,
  children,
  id: givenId,
  live,
}: {
  label: ReactNode;
  error?: string;
  /** The caller recomputes `error` from the current value on every change, so it is never stale. */
  live?: boolean;
  hint?: ReactNode;
  required?: boolean;
  className?: string;
  id?: string;
  children: (props: ControlProps) => ReactNode;
}) {
  const autoId = useId();
  const id = givenId ?? autoId;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  // A message is about the value it was given for: once the person edits the field it goes, and it comes back
  // only when the form is submitted again (or the caller sets another message).
  const [editedAway, setEditedAway] = useState<string>();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!error) setEditedAway(undefined);
  }, [error]);
  useEffect(() => {
    const form = ref.current?.closest('form');
    if (!form) return;
    const resubmitted = () => setEditedAway(undefined);
    form.addEventListener('submit', resubmitted, true);
    return () => form.removeEventListener('submit', resubmitted, true);
  }, []);
  const shown = error && error !== editedAway ? error : undefined;
  const describedBy = [hint ? hintId : null, shown ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div ref={ref} className={className} onChange={() => !live && error && setEditedAway(error)}>
      <label htmlFor={id} className="mb-1.5 block text-sm font-medium text-slate-700">
        {label}
        {required && (
          <span className="ml-0.5 text-rose-500" aria-hidden="true">
            *
          </span>
        )}
      </label>
      {children({ id, 'aria-invalid': shown ? true : undefined, 'aria-describedby': describedBy, required })}
      {hint && !shown && (
        <p id={hintId} className="mt-1.5 text-xs text-slate-500">
          {hint}
        </p>
      )}
      {shown && (
        <p id={errorId} className="mt-1.5 text-xs font-medium text-rose-600">
          {shown}
        </p>
      )}
    </div>
  );
}

export const Input = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement>>(function Input({ className, ...rest }, ref) {
  return <input ref={ref} className={controlClass(className)} {...rest} />;
});

export const Select = forwardRef<HTMLSelectElement, SelectHTMLAttributes<HTMLSelectElement>>(function Select({ className, children, ...rest }, ref) {
  return (
    <select ref={ref} className={controlClass(className, 'pr-8')} {...rest}>
      {children}
    </select>
  );
});

export const Textarea = forwardRef<HTMLTextAreaElement, TextareaHTMLAttributes<HTMLTextAreaElement>>(function Textarea({ className, ...rest }, ref) {
  return <textarea ref={ref} className={controlClass(className, 'min-h-[88px]')} {...rest} />;
});

type TextFieldProps = InputHTMLAttributes<HTMLInputElement> & { label: ReactNode; error?: string; hint?: ReactNode; containerClassName?: string };

export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField(
  { label, error, hint, containerClassName, required, id, ...rest },
  ref,
) {
  return (
    <Field label={label} error={error} hint={hint} required={required} className={containerClassName} id={id}>
      {(p) => <Input ref={ref} {...p} {...rest} />}
    </Field>
  );
});

export function Checkbox({
  label,
  description,
  className,
  ...rest
}: InputHTMLAttributes<HTMLInputElement> & { label: ReactNode; description?: ReactNode }) {
  const id = useId();
  return (
    <div className={cn('flex items-start gap-3', className)}>
      <input
        id={rest.id ?? id}
        type="checkbox"
        className="mt-0.5 size-4 rounded border-slate-300 text-brand-600 accent-brand-600 focus-visible:outline-2 focus-visible:outline-brand-600"
        {...rest}
      />
      <label htmlFor={rest.id ?? id} className="text-sm">
        <span className="font-medium text-slate-700">{label}</span>
        {description && <span className="block text-slate-500">{description}</span>}
      </label>
    </div>
  );
}

/** A form-level error (problem `detail`) shown above the buttons. */
export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div role="alert" className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700 ring-1 ring-rose-200">
      {message}
    </div>
  );
}
