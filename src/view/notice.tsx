/**
 * A line that tells the person what just happened (an import, a conflict between tabs, a model
 * installed or refused): one shape for every part of the page, an alert when it is an error. The
 * notice keeps its message as data (messages.ts `say`), put into words in the page's language.
 */
import { useT } from './i18n';
import { type Message, useFormatMessage } from './messages';

export interface Notice {
  readonly kind: 'error' | 'info';
  readonly message: Message;
}

export function NoticeLine({ notice, testId, onDismiss }: { readonly notice: Notice; readonly testId: string; readonly onDismiss?: () => void }) {
  const t = useT();
  const words = useFormatMessage();
  return (
    <p className={notice.kind === 'error' ? 'error' : 'muted'} data-testid={testId} role={notice.kind === 'error' ? 'alert' : 'status'}>
      {words(notice.message)}
      {onDismiss && (
        <>
          {' '}
          <button type="button" onClick={onDismiss}>
            {t('ok')}
          </button>
        </>
      )}
    </p>
  );
}
