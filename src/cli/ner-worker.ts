/** One `--jobs` worker thread (ner-pool.ts): loads the bundle, then analyses the documents it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { loadNodePipeline } from '../runtime/ort-node';
import type { PoolReply, PoolRequest, PoolWorkerData } from './ner-pool';

const port = parentPort!;
const { folder, intraOpNumThreads } = workerData as PoolWorkerData;
const post = (reply: PoolReply) => port.postMessage(reply);

try {
  const { pipeline } = await loadNodePipeline(folder, { intraOpNumThreads });
  // one document at a time: the pipeline's groups are kept between them (repeated sentences)
  let queue = Promise.resolve();
  port.on('message', ({ id, text }: PoolRequest) => {
    queue = queue.then(async () => {
      try {
        post({ kind: 'result', id, entities: (await pipeline.analyze(text)).entities });
      } catch (error) {
        post({ kind: 'error', id, message: (error as Error).message });
      }
    });
  });
  post({ kind: 'ready' });
} catch (error) {
  post({ kind: 'failed', message: (error as Error).message });
}
