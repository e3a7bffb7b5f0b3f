// JavaScript the workspace sends: every script the page's HTML references, fetched and gzip-compressed (level 9, as
// a CDN would), summed. Chunks loaded later (the editor, the kernel frame's script, Pyodide) are counted apart.
import { gzipSync } from 'node:zlib';
import { row } from '../support/figures.mjs';

async function gzipBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return gzipSync(Buffer.from(await response.arrayBuffer()), { level: 9 }).length;
}

export async function measureBundle({ url }) {
  const html = await (await fetch(`${url}/`)).text();
  const sources = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((match) => match[1]))];
  let pageBytes = 0;
  for (const source of sources) pageBytes += await gzipBytes(new URL(source, url).href);
  const frameBytes = (await gzipBytes(`${url}/kernel/kernel-frame.mjs`)) + (await gzipBytes(`${url}/kernel/kernel.worker.mjs`));
  return [
    row({ name: 'workspace JavaScript, gzip', unit: 'KiB', value: pageBytes / 1024, note: `${sources.length} scripts in the page's HTML` }),
    row({ name: 'kernel frame + worker JavaScript, gzip', unit: 'KiB', value: frameBytes / 1024, note: 'Pyodide itself not counted' }),
  ];
}
