/** A button with its key shown beside it (`aria-keyshortcuts` tells assistive technology the same). */
import type { ButtonHTMLAttributes } from 'react';

interface Props extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** The keys, as `aria-keyshortcuts` writes them: "Shift+A", "Control+Z". */
  readonly shortcut: string;
  readonly testId: string;
}

const SHOWN: Readonly<Record<string, string>> = { Control: 'Ctrl' };

export function KeyedButton({ shortcut, testId, children, ...button }: Props) {
  return (
    <span className="keyed">
      <button type="button" data-testid={testId} aria-keyshortcuts={shortcut} {...button}>
        {children}
      </button>
      <span className="keys" aria-hidden="true">
        {shortcut.split('+').map((key, i) => (
          <kbd key={i}>{SHOWN[key] ?? key}</kbd>
        ))}
      </span>
    </span>
  );
}
