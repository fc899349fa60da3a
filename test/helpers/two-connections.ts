/**
 * Two connections to one fresh database, as two service instances have: for storage tests that
 * race one instance's writes against another's. Dropped and closed after the file's tests.
 */
import { afterAll, beforeAll } from 'vitest';
import { connectDatabase, type Database } from '../../src/storage/connection.js';
import { testDatabase, uniqueDbName } from './test-app.js';

export function twoConnections(prefix: string): { readonly a: Database; readonly b: Database } {
  const dbName = uniqueDbName(prefix);
  const both = {} as { a: Database; b: Database };
  beforeAll(async () => {
    both.a = await connectDatabase(testDatabase().uri, { dbName, serverSelectionTimeoutMs: 5000 });
    both.b = await connectDatabase(testDatabase().uri, { dbName, serverSelectionTimeoutMs: 5000 });
  });
  afterAll(async () => {
    await both.a.connection.dropDatabase();
    await both.a.close();
    await both.b.close();
  });
  return both;
}
