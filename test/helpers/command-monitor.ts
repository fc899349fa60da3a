/** A test app whose database commands are seen as the driver sends them (command monitoring), for tests that count them. */
import { inject } from 'vitest';
import { startTestApp, type TestApp } from './test-app.js';

/** Started on the run's database with command monitoring on; `onCommand` gets each command's name and collection ("find handover_reads"). */
export async function startMonitoredApp(env: Record<string, string>, onCommand: (command: string) => void): Promise<TestApp> {
  const uri = inject('mongodbUri');
  const postgresUrl = inject('postgresUrl');
  // Command monitoring is fixed per connection when it opens, so it is asked for in the URI.
  const t = await startTestApp(env, { mongodbUri: `${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true`, ...(postgresUrl ? { postgresUrl } : {}) });
  t.deps.db.connection.getClient().on('commandStarted', (e) => onCommand(`${e.commandName} ${String(e.command[e.commandName])}`));
  return t;
}
