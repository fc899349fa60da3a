/**
 * How a test starts the service as its own process: the compiled entry point, as `npm start` runs
 * it (build/, compiled from src/ by the test run's global setup, scripts/build-server.mjs).
 */
import path from 'node:path';

/** The arguments to node that start one service process. */
export const SERVICE_ARGS: readonly string[] = [path.resolve('build/main.js')];
