import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../api/problem';
import { Button, Dialog, Field, FormError, Textarea } from '../ui';

export interface CommentDialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: string;
  confirmLabel: string;
  variant?: 'primary' | 'danger' | 'success';
  /** Reject requires a comment; the others take an optional one. */
  requireComment?: boolean;
  commentLabel?: string;
  placeholder?: string;
  onConfirm: (comment: string) => Promise<unknown>;
  dismissLabel?: string;
}

export function CommentDialog({
  open,
  onClose,
  title,
  description,
  confirmLabel,
  variant = 'primary',
  requireComment,
  commentLabel,
  placeholder,
  onConfirm,
  dismissLabel = 'Cancel',
}: CommentDialogProps) {
  const [comment, setComment] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (open) {
      setComment('');
      setFieldError(undefined);
      setFormError(undefined);
    }
  }, [open]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (requireComment && !comment.trim()) {
      setFieldError('A comment is required so the author knows what to change.');
      return;
    }
    setBusy(true);
    setFormError(undefined);
    try {
      await onConfirm(comment.trim());
      onClose();
    } catch (error) {
      const fe = error instanceof ApiError ? error.fieldError('comment') : undefined;
      if (fe) setFieldError(fe);
      else setFormError(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onClose={onClose} title={title} description={description} dismissible={!busy}>
      <form onSubmit={submit} noValidate className="space-y-4">
        <Field label={commentLabel ?? (requireComment ? 'Reason' : 'Comment (optional)')} error={fieldError} required={requireComment}>
          {(p) => (
            <Textarea
              {...p}
              name="comment"
              rows={4}
              value={comment}
              placeholder={placeholder}
              onChange={(e) => {
                setComment(e.target.value);
                if (fieldError) setFieldError(undefined);
              }}
            />
          )}
        </Field>
        <FormError message={formError} />
        <div className="flex justify-end gap-3 pt-2">
          <Button variant="secondary" onClick={onClose} disabled={busy}>
            {dismissLabel}
          </Button>
          <Button type="submit" variant={variant} loading={busy}>
            {confirmLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
