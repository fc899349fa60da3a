#!/usr/bin/env node
/**
 * Which writes does the database decide atomically under concurrency? The service decides "exactly
 * once" in three ways (docs/operations.md, "What the database decides atomically"): a conditional
 * update (a feed entry committed or voided), a claim by findOneAndUpdate (a lease, an outbox
 * message), and an insert of one _id (a version, a fact). This probe races each against itself on
 * a scratch database and counts how many racers were told they won; on MongoDB each is 1.
 *
 *   node scripts/probe-atomicity.mjs mongodb://127.0.0.1:27017/   (FerretDB or MongoDB; drops the database it made)
 */
import { MongoClient } from 'mongodb';

const uri = process.argv[2];
if (!uri) {
  process.stderr.write('usage: node scripts/probe-atomicity.mjs MONGODB_URI\n');
  process.exit(2);
}
const ROUNDS = 5;
const RACERS = 20;
const client = new MongoClient(uri, { maxPoolSize: RACERS + 5 });
await client.connect();
const db = client.db(`atomicity_probe_${process.pid}`);
const col = db.collection('probe');
const rows = { 'conditional update (commit vs void)': [], 'findOneAndUpdate claim': [], 'insert of one _id': [], [`$inc x${RACERS} (final value)`]: [] };
try {
  for (let round = 0; round < ROUNDS; round++) {
    await col.deleteMany({});
    await col.insertMany([{ _id: 'entry', committed: false }, { _id: 'lease', holder: null }, { _id: 'counter', n: 0 }]);
    const winners = async (ops) => (await Promise.allSettled(ops)).filter((r) => r.status === 'fulfilled' && r.value).length;
    rows['conditional update (commit vs void)'].push(
      await winners(
        Array.from({ length: RACERS }, (_, i) =>
          (i % 2 === 0 ? col.updateOne({ _id: 'entry', committed: false, voided: { $ne: true } }, { $set: { committed: true } }) : col.updateOne({ _id: 'entry', committed: false }, { $set: { voided: true } })).then((r) => r.modifiedCount === 1),
        ),
      ),
    );
    rows['findOneAndUpdate claim'].push(await winners(Array.from({ length: RACERS }, (_, i) => col.findOneAndUpdate({ _id: 'lease', holder: null }, { $set: { holder: `racer-${i}` } }))));
    rows['insert of one _id'].push(await winners(Array.from({ length: RACERS }, (_, i) => col.insertOne({ _id: `decision-${round}`, by: i }).then(() => true))));
    await Promise.allSettled(Array.from({ length: RACERS }, () => col.updateOne({ _id: 'counter' }, { $inc: { n: 1 } })));
    rows[`$inc x${RACERS} (final value)`].push((await col.findOne({ _id: 'counter' })).n);
  }
  process.stdout.write(`${RACERS} racers, ${ROUNDS} rounds (atomic: 1 winner each, the counter at ${RACERS})\n`);
  for (const [name, values] of Object.entries(rows)) process.stdout.write(`${name.padEnd(40)} ${values.join(' ')}\n`);
} finally {
  await db.dropDatabase().catch(() => undefined);
  await client.close();
}
