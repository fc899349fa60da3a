#!/usr/bin/env node
// The `handover` command: runs the compiled CLI (build/, from src/ by scripts/build-server.mjs),
// compiling first when the sources changed, so it starts without transpiling TypeScript.
import { ensureServerBuilt } from '../scripts/build-server.mjs';

await ensureServerBuilt({ quiet: true });
const { runCli } = await import('../build/cli/main.js');
process.exitCode = await runCli(process.argv.slice(2));
