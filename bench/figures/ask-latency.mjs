// Time from Ask to first output in Chromium, with a scripted model of fixed latency (MODEL_DELAY_MS per call) whose
// latency is subtracted, so what remains is ours: the ask action, the prompt, the provider's HTTP call to the scripted
// server on loopback, streaming, fetching the file, the kernel run and the page. Steps: Ask -> code shown (generate, minus one model call), code -> first output (data + run),
// first output -> turn done (answer, minus one model call). One file, pinned, so no selection call is made.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { row } from '../support/figures.mjs';

export const MODEL_DELAY_MS = 1000;
// A fixed set, asked in turn (the scripted model answers each the same way): the token figures are the prompts' size.
// Each question is one the scripted code (a total of the units) answers, so the answer checks pass and no repair call
// is made: questions it does not answer would add a failed repair to the figure.
const QUESTIONS = ['total units', 'what is the total of units?', 'sum of the units column', 'how many units in total?', 'total number of units sold'];
const CSV = 'region,units\nNorth,3\nSouth,4\nEast,7\nNorth,5\n';

/** The scripted model's rules: the scripted LLM server (e2e/support/start-llm-server.mjs) the app talks to answers from this file. */
export function writeAskScript() {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'bench-script-')), 'script.json');
  const code =
    'import csv\nwith open("{{path:df1}}", newline="") as handle:\n    rows = list(csv.DictReader(handle))\nprint("rows", len(rows))\nresult = {"units": sum(int(r["units"]) for r in rows)}';
  writeFileSync(
    file,
    JSON.stringify({
      rules: [
        { when: 'generate', delayMs: MODEL_DELAY_MS, respond: { plan: 'Sum the units.', code, expects: { figures: 0, table: false } } },
        { when: 'answer', delayMs: MODEL_DELAY_MS, respond: 'The files hold **19** units.' },
      ],
    }),
  );
  return file;
}

export async function measureAskLatency({ browser, url, runs = QUESTIONS.length }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${url}/`);
  await page.waitForSelector('[data-testid="kernel-status"][data-state="ready"]', { timeout: 120_000 });
  await page.getByTestId('file-input').setInputFiles([{ name: 'bench.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) }]);
  const file = page.locator('[data-testid="file-row"][data-name="bench.csv"]');
  await file.and(page.locator('[data-status="ready"]')).waitFor({ timeout: 60_000 });
  await file.getByTestId('file-pin').click();
  const firstOutput = [];
  const steps = { generate: [], run: [], answer: [] };
  const calls = [];
  const inputTokens = [];
  const outputTokens = [];
  for (let i = 0; i < runs; i++) {
    const times = await page.evaluate(
      async (question) => {
        const turns = () => document.querySelectorAll('[data-testid="turn"]');
        const before = turns().length;
        const input = document.querySelector('[data-testid="question-input"]');
        const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input), 'value').set;
        setter.call(input, question);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        const marks = {};
        const started = performance.now();
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        await new Promise((resolve, reject) => {
          const deadline = setTimeout(() => reject(new Error('the turn did not finish')), 60_000);
          const check = () => {
            const turn = turns()[before];
            if (turn) {
              if (!marks.code && turn.querySelector('[data-testid="turn-code"]')) marks.code = performance.now() - started;
              if (!marks.output && turn.querySelector('[data-testid="run-stdout"]')) marks.output = performance.now() - started;
              if (turn.getAttribute('data-phase') === 'done') {
                marks.done = performance.now() - started;
                clearTimeout(deadline);
                resolve();
                return;
              }
              if (['failed', 'cancelled'].includes(turn.getAttribute('data-phase')))
                return reject(new Error(`the turn ended ${turn.getAttribute('data-phase')}`));
            }
            requestAnimationFrame(check);
          };
          check();
        });
        const metrics = turns()[before].querySelector('[data-testid="turn-metrics"]')?.textContent ?? '';
        const numbers = /(\d+) LLM calls?[^\d]*([\d,]+) in \/ ([\d,]+) out/.exec(metrics);
        if (!numbers) throw new Error(`no turn metrics in "${metrics}"`);
        marks.metrics = numbers.slice(1).map((text) => Number(text.replace(/,/g, '')));
        return marks;
      },
      QUESTIONS[i % QUESTIONS.length],
    );
    calls.push(times.metrics[0]);
    inputTokens.push(times.metrics[1]);
    outputTokens.push(times.metrics[2]);
    firstOutput.push(times.output - MODEL_DELAY_MS);
    steps.generate.push(times.code - MODEL_DELAY_MS);
    steps.run.push(times.output - times.code);
    steps.answer.push(times.done - times.output - MODEL_DELAY_MS);
  }
  await context.close();
  return [
    row({
      name: 'Ask -> first output, minus the model',
      unit: 'ms',
      samples: firstOutput,
      target: { at: 'median', op: '<=', limit: 300 },
      note: `scripted model, ${MODEL_DELAY_MS} ms per call`,
    }),
    row({ name: '  step: Ask -> code shown (ask action)', unit: 'ms', samples: steps.generate }),
    row({ name: '  step: code -> first output (data + run)', unit: 'ms', samples: steps.run }),
    row({ name: '  step: first output -> answer done (answer route)', unit: 'ms', samples: steps.answer }),
    row({ name: 'LLM calls per question (one file, pinned)', unit: 'calls', samples: calls, note: `${QUESTIONS.length} questions` }),
    row({ name: 'input tokens per question (prompt size)', unit: 'tokens', samples: inputTokens, note: 'scripted model: characters / 4' }),
    row({ name: 'output tokens per question', unit: 'tokens', samples: outputTokens }),
  ];
}
