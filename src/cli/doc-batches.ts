/**
 * Documents analysed a batch at a time: the documents asked for while one batch runs form the next
 * (up to maxDocuments), so with a row-independent model (core/bundle/bundle.ts rowsIndependent) the
 * windows of many short documents share model calls (Pipeline.analyzeMany). A document that fails
 * fails alone: when a batch throws, its documents are analysed one by one to say which.
 */
import type { Entity } from '../core/pipeline';

/** The CLI's batch: enough short documents to fill calls of 8 windows in most padded lengths. */
export const MAX_BATCH_DOCUMENTS = 64;

interface Request {
  readonly text: string;
  resolve(entities: Entity[]): void;
  reject(error: Error): void;
}

export function batchedAnalyze(analyzeMany: (texts: string[]) => Promise<Entity[][]>, maxDocuments = MAX_BATCH_DOCUMENTS): (text: string) => Promise<Entity[]> {
  if (!Number.isInteger(maxDocuments) || maxDocuments < 1) throw new Error(`expected maxDocuments to be a positive integer, got ${maxDocuments}`);
  const queue: Request[] = [];
  let running = false;

  async function runBatches(): Promise<void> {
    running = true;
    // let the documents asked for in this turn of the event loop join the first batch
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      const batch = queue.splice(0, maxDocuments);
      try {
        const results = await analyzeMany(batch.map((request) => request.text));
        batch.forEach((request, index) => request.resolve(results[index]));
      } catch {
        for (const request of batch) {
          try {
            request.resolve((await analyzeMany([request.text]))[0]);
          } catch (error) {
            request.reject(error instanceof Error ? error : new Error(String(error)));
          }
        }
      }
    }
    running = false;
  }

  return (text) =>
    new Promise<Entity[]>((resolve, reject) => {
      queue.push({ text, resolve, reject });
      if (!running) void runBatches();
    });
}
