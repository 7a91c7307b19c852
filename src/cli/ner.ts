/** Entry point of `npm run ner`; see ner-cli.ts. */
import { runCli } from './ner-cli';
import { loadNodePipeline } from '../runtime/ort-node';

const exitCode = await runCli(process.argv.slice(2), process, { loadPipeline: (folder) => loadNodePipeline(folder) });
process.exitCode = exitCode;
