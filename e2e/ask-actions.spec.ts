// The Ask step's server actions (lib/ask/actions.ts) in Chromium against the production build: Cancel while the model
// is writing the code stops the model call on the server (the scripted model hangs until its call is aborted), and the
// actions refuse a forged Origin — proxy.ts's check, and behind it Next's own Origin/Host check.
import { expect, test, type Locator, type Page, type Request, type Route } from '@playwright/test';
import { askActionIds } from './support/actions';
import { uniqueTag, uploadReady } from './support/data';
import { LOCAL_APP_PORT } from './support/e2e-ports';
import { openWorkspace } from './support/workspace';

const APP = `http://127.0.0.1:${LOCAL_APP_PORT}`;
const ACTION_HEADERS = { accept: 'text/x-component', 'content-type': 'text/plain;charset=UTF-8' };

/** The run id a recorded ask/repair/cancelAsk call carried (its body is the action's argument list, as JSON). */
function runIdOf(request: Request): string {
  const body: unknown = JSON.parse(request.postData() ?? 'null');
  const first: unknown = Array.isArray(body) ? body[0] : null;
  return first !== null && typeof first === 'object' && 'runId' in first && typeof first.runId === 'string' ? first.runId : '';
}

/** Asks a question the scripted model never answers and waits until its model call is under way. */
async function askHanging(page: Page, askId: string): Promise<{ turn: Locator; asked: Request; ended: () => boolean }> {
  const askCall = page.waitForRequest((request) => request.headers()['next-action'] === askId);
  await page.getByTestId('question-input').fill('Wait for the model forever');
  await page.getByTestId('question-input').press('Enter');
  const turn = page.getByTestId('turn').last();
  // The context is shown, so the model call is under way; the script's model never answers it on its own
  // (LLM_TIMEOUT_MS is a minute), so the action's response stays open.
  await expect(turn.getByTestId('llm-context')).toContainText('region');
  await expect(turn).toHaveAttribute('data-phase', 'generating');
  const asked = await askCall;
  // When the action's response ends. Chromium reports a server action's fetch as finished or, once React has what it
  // needs, as aborted (net::ERR_ABORTED); either way only after its last byte: the page cannot abort the fetch itself.
  let ended = false;
  const onEnd = (request: Request) => {
    if (request === asked) ended = true;
  };
  page.on('requestfinished', onEnd);
  page.on('requestfailed', onEnd);
  expect((await asked.response())?.status()).toBe(200);
  await page.waitForTimeout(1000);
  expect(ended, 'the hanging model call keeps the response open').toBe(false);
  return { turn, asked, ended: () => ended };
}

test('Cancel while the model writes the code stops the model call on the server, not only the page', async ({ page }) => {
  const ids = askActionIds();
  await openWorkspace(page);
  const row = await uploadReady(page, `hang-${uniqueTag()}.csv`, 'region,units\nNorth,3\n');
  await row.getByTestId('file-pin').click();

  // The control: with the cancelAsk request kept from the server, the page shows the turn cancelled at once, but the
  // server's call goes on (the page alone cannot stop a server action).
  const blocked = (route: Route) => (route.request().headers()['next-action'] === ids.cancelAsk ? route.abort() : route.fallback());
  // Actions are posted to the page's own address (/ or /?c=<conversation>).
  const pageAddress = (url: URL) => url.origin === APP && url.pathname === '/';
  await page.route(pageAddress, blocked);
  const unheard = await askHanging(page, ids.ask ?? '');
  await unheard.turn.getByTestId('cancel').click();
  await expect(unheard.turn).toHaveAttribute('data-phase', 'cancelled', { timeout: 10_000 });
  await page.waitForTimeout(1500);
  expect(unheard.ended(), 'without cancelAsk the server keeps the call').toBe(false);
  await page.unroute(pageAddress, blocked);

  const { turn, asked, ended } = await askHanging(page, ids.ask ?? '');
  const cancelCall = page.waitForRequest((request) => request.headers()['next-action'] === ids.cancelAsk);
  const cancelledAt = Date.now();
  await turn.getByTestId('cancel').click();
  await expect(turn).toHaveAttribute('data-phase', 'cancelled', { timeout: 10_000 });
  const cancel = await cancelCall;
  expect(runIdOf(cancel)).toBe(runIdOf(asked));
  expect((await cancel.response())?.status()).toBe(200);
  // The server ended the ask's response: its pipeline returned, which the hanging model call allows only once aborted.
  await expect.poll(ended, { timeout: 10_000 }).toBe(true);
  console.log(`Cancel -> the ask action's response ended: ${Date.now() - cancelledAt} ms`);
  await expect(turn.getByTestId('turn-code')).toHaveCount(0);
  // The call left running by the control is still open; the server stops it when the page goes away.
  expect(unheard.ended()).toBe(false);
});

test('the ask, repair and cancel actions refuse a null or foreign Origin, and Next’s own Origin/Host check refuses what gets past that', async ({
  request,
}) => {
  const ids = askActionIds();
  // Fresh each run: a cancel is remembered (15 minutes, in DATA_DIR) for a call with its id that has not started yet.
  const runId = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url');
  const calls = [
    { name: 'ask', input: { runId, request: { question: 'Total units?', datasetIds: [], pinnedIds: [], history: [] } }, answers: 'dataset_missing' },
    {
      name: 'repair',
      input: {
        runId,
        request: { question: 'q', datasetIds: [], attempts: [{ code: 'x', status: 'python', error: { type: 'E', message: 'm', line: null, traceback: '' } }] },
      },
      answers: '"provider"',
    },
    { name: 'cancelAsk', input: { runId }, answers: '"ok":true' },
  ];
  for (const { name, input, answers } of calls) {
    const id = ids[name];
    expect(id, `${name} is in the build`).toBeTruthy();
    const send = (headers: Record<string, string>) =>
      request.fetch(`${APP}/`, {
        method: 'POST',
        headers: { 'next-action': id ?? '', ...ACTION_HEADERS, ...headers },
        data: JSON.stringify([input]),
        maxRedirects: 0,
      });
    const forgeries: Record<string, string>[] = [
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      // A pair Next's own check would accept (Origin = X-Forwarded-Host): proxy.ts never believes X-Forwarded-Host.
      { origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' },
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const forged of forgeries) {
      const refused = await send(forged);
      expect(refused.status(), `${name} with ${JSON.stringify(forged)}`).toBe(403);
      expect(await refused.json()).toMatchObject({ code: 'forbidden_origin', message: expect.stringContaining('Refused') });
    }
    // The app's Origin with a forwarded host that is not it gets past proxy.ts; Next's own check refuses it and the
    // action does not run.
    const mismatched = await send({ origin: APP, 'x-forwarded-host': 'evil.example' });
    expect(mismatched.status(), `${name} past proxy.ts, Origin ≠ X-Forwarded-Host`).toBe(500);
    expect(await mismatched.text()).not.toContain(answers);
    // Its own origin reaches the action, which answers (streamed events, or the cancel's result).
    const own = await send({ origin: APP, 'sec-fetch-site': 'same-origin' });
    expect(own.status(), `${name} from its own origin`).toBe(200);
    expect(await own.text()).toContain(answers);
  }
});
