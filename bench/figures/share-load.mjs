// Share and embed pages under load: a saved analysis (three questions, a table each) is requested by 100 keep-alive
// connections for a fixed time on loopback, after a short warm-up. The load generator shares the machine's cores
// with the server, as it would on any single-machine measurement.
import { runLoad } from '../support/load.mjs';
import { row } from '../support/figures.mjs';

const CONNECTIONS = 100;
const DURATION_MS = Number(process.env.BENCH_LOAD_MS ?? 10_000);

function savedTurn(index) {
  return {
    question: `units by region, part ${index + 1}`,
    answer: `**North** sold the most: 42 units, South 17 (question ${index + 1}).`,
    metrics: { llmCalls: 2, inputTokens: 812, outputTokens: 230, generationMs: 1450, fetchMs: 35, runMs: 120, repairAttempts: 0, answerMs: 900 },
    attempts: [
      {
        number: 1,
        code: "result = [{'region': 'North', 'units': 42}, {'region': 'South', 'units': 17}]",
        result: {
          status: 'ok',
          stdout: 'done\n',
          stderr: '',
          error: null,
          figures: [],
          result: {
            kind: 'table',
            columns: ['region', 'units'],
            dtypes: ['str', 'int64'],
            rows: [
              ['North', 42],
              ['South', 17],
            ],
            totalRows: 2,
            totalColumns: 2,
            truncated: false,
            source: 'dataframe',
          },
          timings: { validateMs: 2, loadPackagesMs: 0, executeMs: 11, totalMs: 14 },
        },
      },
    ],
  };
}

/** Saves an analysis as the workspace does (owner cookie, same-origin POST) and returns its two links. */
export async function saveBenchAnalysis({ url }) {
  const home = await fetch(`${url}/analyses`);
  const cookie = home.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  const body = {
    title: 'Units by region',
    turns: [0, 1, 2].map(savedTurn),
    datasetIds: [],
    versions: { pyodide: '314.0.7', python: '3.14.0', packages: [] },
    expiresInDays: 7,
    allowRerun: false,
  };
  const response = await fetch(`${url}/api/analyses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, cookie },
    body: JSON.stringify(body),
  });
  const saved = await response.json();
  if (!saved.ok) throw new Error(`saving the bench analysis failed: ${response.status} ${JSON.stringify(saved)}`);
  return saved;
}

export async function measureShareLoad({ url }) {
  const saved = await saveBenchAnalysis({ url });
  const rows = [];
  for (const [label, path] of [
    ['share page /a/<id>', saved.url],
    ['embed page /embed/<id>', saved.embedUrl],
  ]) {
    await runLoad({ url: `${url}${path}`, connections: 10, durationMs: 2000 });
    const load = await runLoad({ url: `${url}${path}`, connections: CONNECTIONS, durationMs: DURATION_MS });
    const note = `${load.requests} requests, ${load.errors} errors, ${CONNECTIONS} connections, ${DURATION_MS / 1000} s`;
    rows.push(row({ name: `${label} throughput`, unit: 'req/s', value: load.rps, target: { at: 'value', op: '>=', limit: 500 }, note }));
    rows.push(row({ name: `${label} latency under load`, unit: 'ms', value: load.p50, p99: load.p99, target: { at: 'p99', op: '<=', limit: 100 } }));
  }
  return rows;
}
