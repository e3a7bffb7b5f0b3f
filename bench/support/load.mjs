// A small closed-loop load generator: `connections` keep-alive sockets, each sending the next request as soon as the
// previous answer is read, for a fixed duration. Latencies are kept whole, so p99 is exact. Node's http, no library.
import http from 'node:http';

/** @param {{ url: string, connections: number, durationMs: number, headers?: Record<string, string> }} options */
export async function runLoad({ url, connections, durationMs, headers = {} }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const latencies = [];
  const statuses = new Map();
  let errors = 0;
  let bytes = 0;
  const deadline = performance.now() + durationMs;
  const once = () =>
    new Promise((resolve) => {
      const started = performance.now();
      const request = http.request(
        { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, agent, headers, timeout: 10_000 },
        (response) => {
          response.on('data', (chunk) => {
            bytes += chunk.length;
          });
          response.on('end', () => {
            latencies.push(performance.now() - started);
            statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
            if ((response.statusCode ?? 500) >= 400) errors += 1;
            resolve();
          });
          response.on('error', () => {
            errors += 1;
            resolve();
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', () => {
        errors += 1;
        resolve();
      });
      request.end();
    });
  const worker = async () => {
    while (performance.now() < deadline) await once();
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    requests: latencies.length,
    rps: latencies.length / elapsed,
    p50: at(0.5),
    p99: at(0.99),
    errors,
    statuses: Object.fromEntries(statuses),
    kbPerResponse: latencies.length ? bytes / latencies.length / 1024 : 0,
  };
}
