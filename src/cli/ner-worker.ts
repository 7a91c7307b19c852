/** One `--jobs` worker thread (ner-pool.ts): loads the bundle, then analyses the documents it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { loadNodePipeline } from '../runtime/ort-node';
import { batchedAnalyze } from './doc-batches';
import { checkedTagSet } from './ner-cli';
import type { PoolReply, PoolRequest, PoolWorkerData } from './ner-pool';

const port = parentPort!;
const { folder, intraOpNumThreads, tagSet: tagSetName } = workerData as PoolWorkerData;
const post = (reply: PoolReply) => port.postMessage(reply);

try {
  const { pipeline, release } = await loadNodePipeline(folder, { intraOpNumThreads });
  const tagSet = (await checkedTagSet(pipeline, tagSetName, release)).name;
  // the documents that arrive while a batch runs form the next one (their windows share calls);
  // the pipeline's groups are kept between them (repeated sentences)
  const analyze = batchedAnalyze((texts) => pipeline.analyzeMany(texts, { tagSet }));
  port.on('message', ({ id, text }: PoolRequest) => {
    analyze(text).then(
      (entities) => post({ kind: 'result', id, entities }),
      (error: Error) => post({ kind: 'error', id, message: error.message }),
    );
  });
  post({ kind: 'ready' });
} catch (error) {
  post({ kind: 'failed', message: (error as Error).message });
}
