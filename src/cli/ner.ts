/** Entry point of `npm run ner`; see ner-cli.ts. */
import { runCli } from './ner-cli';
import { availableParallelism } from 'node:os';
import { loadNodePipeline } from '../runtime/ort-node';
import { loadWorkerPool } from './ner-pool';

// A reader that stops early (`npm run ner -- ... | head`) closes the pipe: that ends the run
// quietly, as it does for other Unix tools, instead of an unhandled EPIPE with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const exitCode = await runCli(process.argv.slice(2), process, {
  loadPipeline: (folder, threads) => loadNodePipeline(folder, { intraOpNumThreads: threads }),
  loadPool: (folder, jobs, threads, tagSet) => loadWorkerPool(folder, jobs, availableParallelism(), threads, tagSet),
});
process.exitCode = exitCode;
