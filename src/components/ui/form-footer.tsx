/** The end of every dialog form: the form-level error, Cancel, and the submit button with its pending label. */
export function FormFooter({ error, pending, submitLabel, onCancel }: { error?: string | null; pending: boolean; submitLabel: string; onCancel: () => void }) {
  return (
    <>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      <div className="flex justify-end gap-2">
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
