/** A local mongod found on PATH, started on a data dir we own (single node, no replica set). */
import fs from 'node:fs';
import { startDatabaseProcess, type DatabaseProcess } from './database-process.js';
import { findFreePort } from './free-port.js';

export async function startMongod(binary: string, dataDir: string): Promise<DatabaseProcess> {
  fs.mkdirSync(dataDir, { recursive: true });
  const port = await findFreePort();
  return startDatabaseProcess({
    name: 'mongod',
    command: binary,
    runDir: dataDir,
    port,
    args: ['--dbpath', dataDir, '--bind_ip', '127.0.0.1', '--port', String(port), '--quiet'],
  });
}
