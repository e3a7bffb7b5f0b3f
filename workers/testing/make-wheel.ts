import { createHash } from 'node:crypto';
import { makeZip } from '@/lib/files/sniff/test-support/make-xlsx';

/** A minimal pure-Python wheel (`<name>-<version>-py3-none-any.whl`) with one module, for the wheel-path tests. */
export function makeWheel({ name, version, source, requires = [] }: { name: string; version: string; source: string; requires?: string[] }): Uint8Array {
  const text = (value: string) => new TextEncoder().encode(value);
  const distInfo = `${name}-${version}.dist-info`;
  const requiresDist = requires.map((requirement) => `Requires-Dist: ${requirement}\n`).join('');
  return makeZip({
    files: {
      [`${name}/__init__.py`]: text(source),
      [`${distInfo}/METADATA`]: text(`Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n${requiresDist}`),
      [`${distInfo}/WHEEL`]: text('Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n'),
      [`${distInfo}/RECORD`]: text(''),
    },
  });
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A PEP 503 project page linking each file with its sha256 (hrefs relative to `filesPath`). */
export function simpleIndexPage({ files, filesPath }: { files: Map<string, Uint8Array>; filesPath: string }): string {
  const links = [...files].map(([name, data]) => `<a href="${filesPath}${name}#sha256=${sha256Hex(data)}">${name}</a>`);
  return `<!DOCTYPE html><html><body>\n${links.join('<br>\n')}\n</body></html>`;
}
