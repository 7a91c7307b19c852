// The entry of a `--jobs` worker thread: a worker does not inherit tsx's loader from the main
// thread, so it registers it here before it imports the TypeScript worker (ner-worker.ts).
import { tsImport } from 'tsx/esm/api';

await tsImport('./ner-worker.ts', import.meta.url);
