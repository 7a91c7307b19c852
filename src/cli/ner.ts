/** Entry point of `npm run ner`; see ner-cli.ts. */
import { runCli } from './ner-cli';
import { availableParallelism } from 'node:os';
import { loadNodePipeline } from '../runtime/ort-node';
import { loadWorkerPool } from './ner-pool';

const exitCode = await runCli(process.argv.slice(2), process, {
  loadPipeline: (folder) => loadNodePipeline(folder),
  loadPool: (folder, jobs) => loadWorkerPool(folder, jobs, availableParallelism()),
});
process.exitCode = exitCode;
