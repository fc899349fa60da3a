/** A test app whose database commands are seen as the driver sends them (command monitoring), for tests that count them. */
import request from 'supertest';
import { expect, inject } from 'vitest';
import { as } from './handovers.js';
import { startTestApp, type TestApp } from './test-app.js';
import { setupWorld, type TestOrg, type World } from './world.js';

/** Started on the run's database with command monitoring on; `onCommand` gets each command's name and collection ("find handover_reads"). */
export async function startMonitoredApp(env: Record<string, string>, onCommand: (command: string) => void): Promise<TestApp> {
  const uri = inject('mongodbUri');
  const postgresUrl = inject('postgresUrl');
  // Command monitoring is fixed per connection when it opens, so it is asked for in the URI.
  const t = await startTestApp(env, { mongodbUri: `${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true`, ...(postgresUrl ? { postgresUrl } : {}) });
  t.deps.db.connection.getClient().on('commandStarted', (e) => onCommand(`${e.commandName} ${String(e.command[e.commandName])}`));
  return t;
}

/**
 * A monitored app with its world, where no background job runs (the dispatcher and the derivation
 * worker stopped: a test derives with settle()), so the commands seen are a request's own.
 * `get`: the commands of one GET after the credential's (its lookup, its last use noted once a
 * minute), in the order sent, and the answer, expected 200.
 */
export async function startQuietMonitoredWorld(): Promise<{ t: TestApp; w: World; get: (org: TestOrg, path: string) => Promise<{ commands: string[]; body: Record<string, any> }> }> {
  let recording: string[] | undefined;
  const t = await startMonitoredApp({ HANDOVER_FEED_SETTLE_MS: '0' }, (c) => recording?.push(c));
  const w = await setupWorld(t);
  await t.deps.dispatcher.stop();
  await t.deps.derivations.stop();
  const get = async (org: TestOrg, path: string) => {
    recording = [];
    const res = await request(t.app).get(path).set(as(org.token));
    const commands = recording.filter((c) => !c.endsWith(' credentials'));
    recording = undefined;
    expect(res.status, res.text).toBe(200);
    return { commands, body: res.body as Record<string, any> };
  };
  return { t, w, get };
}
