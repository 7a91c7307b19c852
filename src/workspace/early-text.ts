/**
 * Text typed or pasted before the stored documents have loaded (the text box takes input at once;
 * IndexedDB answers 50-200 ms later). Nothing typed then may be lost, and nothing stored may be
 * replaced by it: once the documents are here, the early text goes into the document that opens
 * only if that document is empty, else it becomes a document of its own, opened, and the person
 * is told (`ownDocument`). In an empty workspace it is the first document (instead of the sample).
 * Pure: the hook (useWorkspace.ts) saves `changed` and shows the notice.
 */
import type { AnnotatedDocument } from '../annotation/document';
import { createDocuments } from '../formats/formats';

export interface EarlyTextInput {
  /** The stored documents, in list order. */
  readonly documents: readonly AnnotatedDocument[];
  /** The document that would open (remembered or last); null when there is none. */
  readonly currentId: string | null;
  /** What the person typed before the documents arrived ('' for nothing). */
  readonly early: string;
  /** The text of the first document of an empty workspace when nothing was typed (a sample). */
  readonly firstText: string;
  readonly now: number;
  readonly newId?: () => string;
}

export interface EarlyTextPlacement {
  readonly documents: AnnotatedDocument[];
  readonly currentId: string;
  /** Documents new or changed here: to be saved. */
  readonly changed: AnnotatedDocument[];
  /** Set when the early text became a document of its own beside `open` (which held text): say so. */
  readonly ownDocument: { readonly name: string; readonly open: string } | null;
}

/** Whether a document holds nothing a person could lose: no text and no entity. */
export function isEmptyDocument(document: Pick<AnnotatedDocument, 'text' | 'entities'>): boolean {
  return document.text === '' && document.entities.length === 0;
}

export function placeEarlyText({ documents, currentId, early, firstText, now, newId }: EarlyTextInput): EarlyTextPlacement {
  const create = (name: string, text: string) => createDocuments([{ name, text, entities: [] }], now, newId)[0];
  const open = documents.find((d) => d.id === currentId);
  if (!open) {
    const first = create(`Document ${documents.length + 1}`, early === '' ? firstText : early);
    return { documents: [...documents, first], currentId: first.id, changed: [first], ownDocument: null };
  }
  if (early === '') return { documents: [...documents], currentId: open.id, changed: [], ownDocument: null };
  if (isEmptyDocument(open)) {
    const filled = { ...open, text: early, updatedAt: now };
    return { documents: documents.map((d) => (d.id === open.id ? filled : d)), currentId: open.id, changed: [filled], ownDocument: null };
  }
  const own = create(`Document ${documents.length + 1}`, early);
  return { documents: [...documents, own], currentId: own.id, changed: [own], ownDocument: { name: own.name, open: open.name } };
}
