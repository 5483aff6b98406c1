// One way to show an error to the user: what happened, what to do, and the code for a bug report.
import type { UserFacingError } from './user-error';

export function ErrorNote({
  error,
  onDismiss,
  testId,
}: {
  error: UserFacingError | null;
  onDismiss?: () => void;
  testId?: string;
}) {
  if (!error) return null;
  return (
    <div className="error-note" role="alert" data-testid={testId}>
      <span>{error.message}</span> <code className="muted">{error.code}</code>
      {onDismiss && (
        <button type="button" className="link" onClick={onDismiss} aria-label="Dismiss the error">
          ×
        </button>
      )}
    </div>
  );
}
