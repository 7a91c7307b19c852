/**
 * The workspace's files: import (any format formats/ reads, each document in its tag set), export
 * (every document, in a format, or masked with its mapping) and the backup (the whole workspace to
 * one file, and back without overwriting anything).
 */
import { useCallback } from 'react';
import { type AnnotatedDocument } from '../annotation/document';
import { DEFAULT_TAG_SET_NAME, KNOWN_TAG_SET_TYPES, tagSetOfLabels } from '../core/labels/tag-sets';
import type { MaskStyle } from '../core/redact/mask';
import { type ExportOptions, FormatError } from '../formats/common';
import { ENCODING_TITLES, type TextEncodingName, decodeText } from '../formats/decode';
import { type ExportFormat, type ImportOptions, createDocuments, exportDocuments, importBytes, importSizeProblem } from '../formats/formats';
import { exportMasked } from '../formats/masked';
import { planRestore, readBackup, writeBackup } from '../formats/backup';
import { say } from '../view/messages';
import { download } from './download';
import { byCreation } from './tab-sync';
import type { WorkspaceCore } from './workspace-core';

const KNOWN_TAG_SETS = Object.entries(KNOWN_TAG_SET_TYPES).map(([name, types]) => ({ name, types }));

/** An imported document's tag set: the one known tag set all its labels belong to, else the page's (its labels are kept either way). */
export function importedTagSet(document: Pick<AnnotatedDocument, 'entities'>, pageTagSet: string): string {
  return tagSetOfLabels(document.entities.map((entity) => entity.label), KNOWN_TAG_SETS) ?? pageTagSet;
}

export function useWorkspaceFiles({ stateRef, storeRef, queueRef, revisionsRef, update, select, setNotice, loaded }: WorkspaceCore) {
  const importFromFile = useCallback(
    /** pageTagSet: the tag set the page is on (a document whose labels fit no known tag set alone, or has none, takes it). */
    async (file: File, options: ImportOptions, pageTagSet: string = DEFAULT_TAG_SET_NAME) => {
      let documents: AnnotatedDocument[];
      let encoding: TextEncodingName = 'utf-8';
      try {
        // Checked before the file is read: a 50 MB file is refused at once.
        const tooBig = importSizeProblem(file.size);
        if (tooBig) throw new FormatError(tooBig);
        const imported = importBytes(file.name, new Uint8Array(await file.arrayBuffer()), options);
        if (imported.drafts.length === 0) throw new FormatError('no documents in the file');
        encoding = imported.encoding;
        documents = createDocuments(imported.drafts).map((d) => ({ ...d, tagSet: importedTagSet(d, pageTagSet) }));
        // Stored beside the workspace's documents, not before they are here (the load would replace them).
        await loaded.promise;
      } catch (error) {
        const detail = { file: file.name, detail: (error as Error).message };
        setNotice({ kind: 'error', message: error instanceof FormatError ? say('importFailed', detail) : say('importUnreadable', detail) });
        return;
      }
      const result = storeRef.current ? await storeRef.current.importDocuments(documents) : { ok: true as const };
      if (!result.ok) {
        setNotice({ kind: 'error', message: say('importNotStored', { file: file.name, failure: result.failure }) });
        return;
      }
      for (const imported of documents) revisionsRef.current.set(imported.id, 1);
      update((previous) => ({ ...previous, documents: [...previous.documents, ...documents] }));
      select(documents[0].id);
      const decodedFrom = encoding === 'utf-8' ? null : ENCODING_TITLES[encoding];
      const other = documents.find((d) => d.tagSet !== pageTagSet);
      setNotice(
        other
          ? { kind: 'info', message: say('importedOtherTagSet', { count: documents.length, file: file.name, encoding: decodedFrom, tagSet: other.tagSet ?? '', pageTagSet }) }
          : { kind: 'info', message: say('imported', { count: documents.length, file: file.name, encoding: decodedFrom }) },
      );
    },
    [update, select, loaded],
  );

  const exportAll = useCallback(async (format: ExportFormat, options: ExportOptions = {}) => {
    await queueRef.current?.flush();
    const file = exportDocuments(format, stateRef.current.documents, options);
    download(file.fileName, file.content, file.mimeType);
    if (file.skipped.length > 0) {
      setNotice({ kind: 'info', message: say('notInExport', { skipped: file.skipped }) });
    }
  }, []);

  /** The whole workspace as one file (formats/backup.ts): every document, decision and name, to restore exactly. */
  const exportBackup = useCallback(async () => {
    await queueRef.current?.flush();
    const file = writeBackup(stateRef.current.documents);
    download(file.fileName, file.content, file.mimeType);
    setNotice({ kind: 'info', message: say('backedUp', { count: stateRef.current.documents.length, file: file.fileName }) });
  }, []);

  /**
   * A backup's documents back into the workspace, never over one here: a document not here comes
   * back as it was, one here unchanged is skipped, a changed one comes back as a copy beside it.
   */
  const restoreBackup = useCallback(
    async (file: File) => {
      let plan: ReturnType<typeof planRestore>;
      try {
        const tooBig = importSizeProblem(file.size);
        if (tooBig) throw new FormatError(tooBig);
        const { text } = decodeText(new Uint8Array(await file.arrayBuffer()));
        // Planned against the stored documents, once they are here.
        await loaded.promise;
        plan = planRestore(stateRef.current.documents, readBackup(text), () => crypto.randomUUID());
      } catch (error) {
        const detail = { file: file.name, detail: (error as Error).message };
        setNotice({ kind: 'error', message: error instanceof FormatError ? say('restoreFailed', detail) : say('restoreUnreadable', detail) });
        return;
      }
      const result = plan.add.length > 0 && storeRef.current ? await storeRef.current.importDocuments(plan.add) : { ok: true as const };
      if (!result.ok) {
        setNotice({ kind: 'error', message: say('restoreNotStored', { file: file.name, failure: result.failure }) });
        return;
      }
      for (const restored of plan.add) revisionsRef.current.set(restored.id, 1);
      update((previous) => ({ ...previous, documents: byCreation([...previous.documents, ...plan.add]) }));
      if (plan.add.length > 0) select(plan.add[0].id);
      setNotice({ kind: 'info', message: say('backupRestored', { file: file.name, restored: plan.add.length - plan.copies, copies: plan.copies, unchanged: plan.unchanged }) });
    },
    [update, select, loaded],
  );

  /** Every document masked, as JSONL, and its mapping file as a second download (src/formats/masked.ts). */
  const exportAllMasked = useCallback(async (style: MaskStyle, types: ReadonlySet<string>) => {
    await queueRef.current?.flush();
    const { content, mapping } = exportMasked(stateRef.current.documents, style, types);
    download('ner-documents.masked.jsonl', content, 'application/jsonl');
    download('ner-documents.mapping.json', `${JSON.stringify(mapping, null, 2)}\n`, 'application/json');
  }, []);

  return { importFromFile, exportAll, exportBackup, restoreBackup, exportAllMasked };
}
