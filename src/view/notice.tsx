/**
 * A line that tells the person what just happened (an import, a conflict between tabs, a model
 * installed or refused): one shape for every part of the page, an alert when it is an error.
 */
export interface Notice {
  readonly kind: 'error' | 'info';
  readonly message: string;
}

export function NoticeLine({ notice, testId, onDismiss }: { readonly notice: Notice; readonly testId: string; readonly onDismiss?: () => void }) {
  return (
    <p className={notice.kind === 'error' ? 'error' : 'muted'} data-testid={testId} role={notice.kind === 'error' ? 'alert' : 'status'}>
      {notice.message}
      {onDismiss && (
        <>
          {' '}
          <button type="button" onClick={onDismiss}>
            OK
          </button>
        </>
      )}
    </p>
  );
}
