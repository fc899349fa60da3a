import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, settings } from '../src/config.js';
import { CONFIG_DOC, withConfigTable } from '../scripts/generate-config-table.js';

describe('loadConfig', () => {
  it('uses documented defaults when nothing is set', () => {
    const config = loadConfig({ HOME: '/home/x' });
    expect(config.port).toBe(8080);
    expect(config.mongodbUri).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve('.data'));
    expect(config.cacheDir).toBe('/home/x/.cache/handover-exchange');
    expect(config.logLevel).toBe('info');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names the variable and the rule of an invalid value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrowError(/PORT: must be a whole number between 0 and 65535 \(got "eighty"\)/);
  });

  it('reports every invalid variable at once', () => {
    try {
      loadConfig({ PORT: '70000', HANDOVER_LOG_LEVEL: 'loud', MONGODB_URI: 'postgres://user:secret@db/x' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems[0]).toMatch(/^PORT: must be between 0 and 65535/);
      expect(problems[1]).toMatch(/^MONGODB_URI: must start with mongodb:\/\//);
      expect(problems[2]).toMatch(/^HANDOVER_LOG_LEVEL: must be one of/);
      // a connection string may hold a password: never echoed
      expect((err as Error).message).not.toContain('secret');
    }
  });

  it('accepts a replica-set connection string', () => {
    const uri = 'mongodb://db1:27017,db2:27017,db3:27017/?replicaSet=rs0';
    expect(loadConfig({ MONGODB_URI: uri }).mongodbUri).toBe(uri);
  });

  it('is what docs/configuration.md lists, one row per variable with its doc (npm run docs:config writes it)', () => {
    const doc = fs.readFileSync(CONFIG_DOC, 'utf8');
    expect(withConfigTable(doc) === doc, 'docs/configuration.md is stale: run npm run docs:config').toBe(true);
    const listed = [...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(Object.values(settings({})).map((s) => s.env));
  });
});
