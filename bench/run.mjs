// `npm run bench`: every benchmark in turn; each prints its own figures.
import { spawnSync } from 'node:child_process';

for (const script of ['bench/catalog-register.mjs', 'bench/storage-upload.mjs', 'bench/kernel.bench.mjs']) {
  console.log(`\n== ${script}`);
  const { status } = spawnSync('node', [script], { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}
