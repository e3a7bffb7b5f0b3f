// `npm test`: every tier, in order, each printing its own counts, then one total line.
//   0 lint      `npm run lint`: Biome (lint rules, import boundaries, file import cycles, formatting), then folder
//               cycles among lib/ steps (scripts/check-folder-cycles.mjs), paths named in comments and docs
//               (scripts/check-references.mjs), the question walk (scripts/question-walk.mjs --check), then no unused
//               exports, files or dependencies (knip, `npm run check:unused`, config knip.json); five checks
//   1 unit      Vitest (lib/, workers/ units, stubbed Worker)
//   2 python    every pytest test (kernel's Python half, planner/export helpers) on the twin runtime: CPython with the
//               browser's versions in a chroot (scripts/browser-runtime; .ci/run builds it), its versions printed next to Pyodide's
//   3 pyodide   the kernel on real Pyodide (npm core) in Node, standard-library code
//   3b packages pandas/matplotlib inside Pyodide — only when PYODIDE_PACKAGES_URL points at a reachable mirror
//   4 browser   Playwright in Debian's Chromium against a production build
// A tier that cannot run fails the whole command with the reason (except 3b, which reports itself skipped).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_PYODIDE_PACKAGES_URL } from '../lib/core/pyodide-defaults.mjs';

const only = process.argv.slice(2);
// CPython with the browser's versions (NOTES.md, "The twin runtime"); Vitest's Python-spawning tests default to it too.
const TWIN_PYTHON = path.resolve('scripts/browser-runtime/python');
const reportDir = mkdtempSync(path.join(tmpdir(), 'test-all-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function record(tier, counts, exitCode, note = '') {
  const failed = counts.failed + (exitCode !== 0 && counts.failed === 0 ? 1 : 0);
  totals.passed += counts.passed;
  totals.failed += failed;
  totals.skipped += counts.skipped;
  lines.push(`${tier.padEnd(10)} ${counts.passed} passed, ${failed} failed, ${counts.skipped} skipped${note ? ` — ${note}` : ''}`);
}

function vitestCounts(file) {
  if (!existsSync(file)) return { passed: 0, failed: 0, skipped: 0 };
  const report = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
}

function junitCounts(file) {
  if (!existsSync(file)) return { passed: 0, failed: 0, skipped: 0 };
  const xml = readFileSync(file, 'utf8');
  const attr = (name) => Number(xml.match(new RegExp(`<testsuite[^>]*\\s${name}="(\\d+)"`))?.[1] ?? 0);
  const failed = attr('failures') + attr('errors');
  const skipped = attr('skipped');
  return { passed: attr('tests') - failed - skipped, failed, skipped };
}

function playwrightCounts(file) {
  if (!existsSync(file)) return { passed: 0, failed: 0, skipped: 0 };
  const { stats } = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
}

async function mirrorReachable(base) {
  try {
    const response = await fetch(new URL('pyodide-lock.json', base), { signal: AbortSignal.timeout(5000) });
    return response.ok;
  } catch {
    return false;
  }
}

const wants = (tier) => only.length === 0 || only.includes(tier);

if (wants('lint')) {
  const checks = [
    run('npx', ['biome', 'ci', '--error-on-warnings', '.']),
    run('node', ['scripts/check-folder-cycles.mjs']),
    run('node', ['scripts/check-references.mjs']),
    run('node', ['scripts/question-walk.mjs', '--check']),
    run('npm', ['run', '--silent', 'check:unused']),
  ];
  const failed = checks.filter((code) => code !== 0).length;
  record('lint', { passed: checks.length - failed, failed, skipped: 0 }, 0, failed > 0 ? 'findings above; `npm run format` fixes formatting' : '');
}

if (wants('unit')) {
  const out = path.join(reportDir, 'unit.json');
  const code = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  record('unit', vitestCounts(out), code);
}

if (wants('python')) {
  // The twin's launcher exits 127 with the reason when its chroot is not built (scripts/browser-runtime/ensure-twin.sh).
  if (run(TWIN_PYTHON, ['scripts/browser-runtime/versions.py']) !== 0) {
    record(
      'python',
      { passed: 0, failed: 0, skipped: 0 },
      1,
      `the twin runtime did not start: run scripts/browser-runtime/ensure-twin.sh as root (.ci/run does)`,
    );
  } else {
    const out = path.join(reportDir, 'python.xml');
    const code = run(TWIN_PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', `--junitxml=${out}`, 'workers/python/tests', 'lib'], {
      PYTHONDONTWRITEBYTECODE: '1',
    });
    record('python', junitCounts(out), code === 5 ? 1 : code);
  }
}

if (wants('pyodide')) {
  const out = path.join(reportDir, 'pyodide.json');
  const code = run('npx', ['vitest', 'run', '--config', 'vitest.pyodide.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  record('pyodide', vitestCounts(out), code);

  const mirror = process.env.PYODIDE_PACKAGES_URL || DEFAULT_PYODIDE_PACKAGES_URL;
  if (await mirrorReachable(mirror)) {
    const packagesOut = path.join(reportDir, 'packages.json');
    const packagesCode = run(
      'npx',
      ['vitest', 'run', '--config', 'vitest.pyodide.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${packagesOut}`],
      { PYODIDE_PACKAGES_TIER: '1', PYODIDE_PACKAGES_URL: mirror },
    );
    record('packages', vitestCounts(packagesOut), packagesCode);
  } else {
    lines.push(`packages   skipped — pandas in Pyodide needs a reachable package mirror; ${mirror} did not answer (set PYODIDE_PACKAGES_URL)`);
  }
}

if (wants('browser')) {
  const out = path.join(reportDir, 'browser.json');
  const code = run('npx', ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
  record('browser', playwrightCounts(out), code);
}

console.log('\n== Test tiers');
for (const line of lines) console.log(line);
console.log(`Total: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
