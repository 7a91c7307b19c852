/** A history note (annotation/history.ts: what a change to many occurrences did, as numbers) as a message for the page. */
import type { HistoryNote } from '../annotation/history';
import { type Message, say } from '../view/messages';

export function noteMessage(note: HistoryNote): Message {
  switch (note.kind) {
    case 'other-occurrences':
      return say('otherOccurrences', note);
    case 'changed-across':
      return say('changedAcross', note);
    case 'undone-across':
      return say('undoneAcross', note);
    default: {
      const unknown: never = note;
      return unknown;
    }
  }
}
