export interface FormFooterProps {
  error?: string | null;
  pending: boolean;
  submitLabel: string;
  onCancel: () => void;
  /** Editing an existing item: a Delete button on the left (it asks for confirmation itself). */
  deleteAction?: { label: string; onClick: () => void };
}

/** The end of every dialog form: the form-level error, an optional Delete, Cancel, and the submit button. */
export function FormFooter({ error, pending, submitLabel, onCancel, deleteAction }: FormFooterProps) {
  return (
    <>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      <div className="flex flex-wrap items-center justify-end gap-2 pt-2">
        {deleteAction && (
          <button type="button" className="btn btn-danger mr-auto" onClick={deleteAction.onClick} disabled={pending}>
            {deleteAction.label}
          </button>
        )}
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </button>
      </div>
    </>
  );
}
