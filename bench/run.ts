/** `npm run bench`: performance figures against baselines measured in the same run. */
process.stdout.write('no benchmarks yet\n');
