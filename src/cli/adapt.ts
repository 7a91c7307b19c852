/** Entry point of `npm run adapt`; see adapt-cli.ts. */
import { runAdaptCli } from './adapt-cli';

process.exitCode = await runAdaptCli(process.argv.slice(2), process);
