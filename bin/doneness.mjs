#!/usr/bin/env node
// The `doneness` command line. The logic is TypeScript under cli/, shared with the extension
// (sites/, storage/); tsx's ESM loader runs it directly, so there is no separate build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
