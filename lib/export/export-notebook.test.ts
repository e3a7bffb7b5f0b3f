import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNotebook, exportNotebook, type Notebook } from './export-notebook';
import { dataFolder, runPython, SOURCE, PYTHON_BIN } from './test-support/export-fixture';

const VALIDATE = 'import nbformat, sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4)); print("valid")';

describe('.ipynb export', () => {
  let root: string;
  let notebook: Notebook;
  beforeAll(async () => {
    root = await dataFolder();
    notebook = buildNotebook({ source: SOURCE });
    await fs.writeFile(path.join(root, 'analysis.ipynb'), exportNotebook({ source: SOURCE }).content);
  });
  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('validates against the nbformat 4 JSON schema (nbformat in the twin runtime)', () => {
    const probe = runPython({ args: ['-c', 'import nbformat'], cwd: root });
    if (probe.status !== 0) {
      throw new Error(
        `nbformat is missing for ${PYTHON_BIN}: the twin runtime has it (scripts/browser-runtime/ensure-twin.sh; .ci/run builds it). ${probe.stderr}`,
      );
    }
    const run = runPython({ args: ['-c', VALIDATE, path.join(root, 'analysis.ipynb')], cwd: root });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('valid');
  });

  it('the validator does refuse a broken notebook (so the check above means something)', async () => {
    const broken = { ...notebook, cells: [{ ...notebook.cells[0]!, id: 'has spaces!' }] };
    await fs.writeFile(path.join(root, 'broken.ipynb'), JSON.stringify(broken));
    const run = runPython({ args: ['-c', VALIDATE, path.join(root, 'broken.ipynb')], cwd: root });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/ValidationError|does not match/);
  });

  it('has a title, a loader, then question / code with outputs / answer per question', () => {
    expect(notebook).toMatchObject({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'python3', language: 'python' } } });
    expect(notebook.cells.map((cell) => `${cell.cell_type}:${cell.id}`)).toEqual([
      'markdown:title',
      'code:load-data',
      ...[1, 2, 3, 4, 5].flatMap((n) => [`markdown:question-${n}`, `code:code-${n}`, `markdown:answer-${n}`]),
    ]);
    const outputs = (id: string) => {
      const cell = notebook.cells.find((entry) => entry.id === id);
      return cell?.cell_type === 'code' ? cell.outputs : [];
    };
    expect(outputs('code-1').map((output) => output.output_type)).toEqual(['stream', 'execute_result']);
    expect(outputs('code-1')[1]).toMatchObject({ execution_count: 1, data: { 'text/plain': expect.any(Array), 'text/html': expect.any(Array) } });
    expect(outputs('code-2')).toEqual([{ output_type: 'execute_result', execution_count: 2, data: { 'text/plain': ['70'] }, metadata: {} }]);
    expect(outputs('code-3')[1]).toMatchObject({
      output_type: 'display_data',
      data: { 'image/png': expect.stringMatching(/^iVBORw0KGgo/) },
      metadata: { 'image/png': { width: 3, height: 2 } },
    });
    expect(outputs('code-4')).toEqual([
      { output_type: 'error', ename: 'KeyError', evalue: "'nope'", traceback: ['Traceback (most recent call last):', '  line 1', "KeyError: 'nope'"] },
    ]);
  });

  it('escapes hostile values in HTML and Markdown cells', () => {
    // text/plain is shown as text, so it may hold anything; HTML outputs and Markdown cells are rendered.
    const markdown = notebook.cells.flatMap((cell) => (cell.cell_type === 'markdown' ? cell.source : [])).join('');
    expect(markdown).not.toMatch(/(?<!\\)<(?:script|img)/); // only escaped: \< or &lt;
    // The answer's image is a plain link (escaped `!`, then `[track](…)`): nothing is fetched until someone clicks.
    expect(markdown).toContain('\\![track](https://evil.example/p.png?d=secret)');
    expect(markdown).not.toMatch(/(?<!\\)!\[/);
    const html = notebook.cells
      .flatMap((cell) => (cell.cell_type === 'code' ? cell.outputs : []))
      .flatMap((output) => ('data' in output ? [output.data['text/html']] : []));
    expect(html.flat().join('')).toContain('<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(html.flat().join('')).not.toMatch(/<script|<img/);
    const question = notebook.cells.find((cell) => cell.id === 'question-4')!.source.join('');
    expect(question).toContain('\\<script\\>');
  });

  it('keeps a placeholder for figures whose bytes were not loaded', () => {
    const withoutBytes = {
      ...SOURCE,
      turns: SOURCE.turns.map((turn) =>
        turn.final ? { ...turn, final: { ...turn.final, figures: turn.final.figures.map(({ pngBase64: _bytes, ...figure }) => figure) } } : turn,
      ),
    };
    const cell = buildNotebook({ source: withoutBytes }).cells.find((entry) => entry.id === 'code-3');
    expect(cell?.cell_type === 'code' && cell.outputs[1]).toMatchObject({
      output_type: 'display_data',
      data: { 'text/plain': ['<Figure size 3x2> (figures/3-1-1.png)'] },
    });
  });

  it('runs its code cells in order with plain CPython (the failed cell left out)', async () => {
    const code = notebook.cells
      .filter((cell) => cell.cell_type === 'code' && !cell.outputs.some((output) => output.output_type === 'error'))
      .map((cell) => cell.source.join(''))
      .join('\n\n');
    await fs.writeFile(path.join(root, 'cells.py'), code);
    // A notebook runs in its own folder: data/ is relative to the working directory.
    const run = runPython({ args: ['cells.py'], cwd: root });
    expect(run.stderr).not.toMatch(/Traceback/);
    expect(run.stdout.trim().split('\n')).toEqual(['regions 2', 'bars 3', 'mean 2.0']);
  });
});
