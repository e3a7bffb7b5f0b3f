/**
 * The flags Chromium runs with in the e2e suite (playwright.config.ts) and the benchmarks (bench/run.mjs), so both
 * measure the same browser: no sandbox or GPU (a container without either), no QUIC, and none of the first-run,
 * background-network, component-update or sync traffic that would add requests and timing noise.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
