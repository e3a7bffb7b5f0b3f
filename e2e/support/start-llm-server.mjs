#!/usr/bin/env node
// The scripted OpenAI-compatible LLM server (e2e/support/llm-server/server.ts) for plain Node: bundles it with
// esbuild (its `@/` imports come from tsconfig.json), then starts it. Started by playwright.config.ts as a webServer
// (E2E_LLM_PORT, E2E_LLM_SCRIPT_FILE) and imported by the bench (`startLlmServer`), which runs it in-process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Starts the server on loopback; `port` 0 picks a free one. Resolves to `{ url, port, openCalls, close }`. */
export async function startLlmServer({ port, scriptFile }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'llm-server-'));
  const outfile = path.join(dir, 'server.mjs');
  try {
    // Bundled whole (zod included), so the file runs from a temporary folder.
    await build({
      entryPoints: [path.join(root, 'e2e/support/llm-server/server.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      tsconfig: path.join(root, 'tsconfig.json'),
      logLevel: 'warning',
    });
    const { startScriptedLlmServer } = await import(pathToFileURL(outfile).href);
    return await startScriptedLlmServer({ port, scriptFile: path.resolve(root, scriptFile) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.E2E_LLM_PORT ?? 3233);
  const scriptFile = process.env.E2E_LLM_SCRIPT_FILE ?? 'e2e/fixtures/ask-script.json';
  const server = await startLlmServer({ port, scriptFile });
  console.error(`scripted LLM server on ${server.url} (rules: ${scriptFile})`);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => server.close().then(() => process.exit(0)));
}
