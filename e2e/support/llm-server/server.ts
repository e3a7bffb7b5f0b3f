import http from 'node:http';
import { z } from 'zod';
import { promptText, readScriptCall } from '@/lib/llm/testing/prompt-call';
import {
  loadScriptFile,
  matchScriptRule,
  responseChunks,
  responseText,
  scriptedHang,
  scriptedTokens,
  scriptedWait,
  ScriptFileError,
  type ScriptedResponse,
} from '@/lib/llm/testing/script-file';

/**
 * A loopback OpenAI-compatible chat-completions server that answers from a script file (the rules of
 * lib/llm/testing/script-file.ts, e.g. e2e/fixtures/ask-script.json). The e2e app and the bench run the app's real
 * OpenAI-compatible provider (@ai-sdk/openai-compatible, lib/llm/server/providers.ts) against it, so the suite is
 * deterministic while the provider path — HTTP, structured output, SSE streaming, usage, error statuses — is real.
 *
 * POST /v1/chat/completions, streamed (`stream: true`, SSE with a usage chunk when `stream_options.include_usage`) or
 * not. What a call is (task, question, error…) is read from the request as a model gets it: the prompt and the
 * `response_format` JSON schema (lib/llm/testing/prompt-call.ts). The script file is read on every call.
 * Failures: quota → 429, overloaded → 503, network → the connection is dropped, refusal → finish_reason
 * "content_filter", hang → no answer until the client goes away. Usage: characters / 4 of the prompt and the text.
 * GET /health answers 200 (the Playwright webServer's readiness URL).
 */

const MAX_BODY_BYTES = 8 * 1024 * 1024;

const contentSchema = z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))]);
const chatRequestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(z.looseObject({ role: z.string(), content: contentSchema.nullish() })).min(1),
  stream: z.boolean().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).optional(),
  response_format: z.looseObject({ type: z.string(), json_schema: z.looseObject({ schema: z.unknown() }).optional() }).optional(),
});
type ChatRequest = z.infer<typeof chatRequestSchema>;

export interface ScriptedLlmServer {
  /** The base URL for OPENAI_COMPATIBLE_BASE_URL: `http://127.0.0.1:<port>/v1`. */
  url: string;
  port: number;
  /** Calls whose response has not ended (a hanging call ends when its client goes away). */
  openCalls: () => number;
  close: () => Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The OpenAI error shape, which @ai-sdk/openai-compatible reads the message from. */
function sendError(res: http.ServerResponse, status: number, message: string, type: string): void {
  sendJson(res, status, { error: { message, type, code: status } });
}

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.byteLength;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'the request body is not JSON');
  }
}

function messageText(content: ChatRequest['messages'][number]['content']): string {
  if (typeof content === 'string') return content;
  return (content ?? []).map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : '')).join('');
}

/** The structured-output schema of the request, undefined for a text call; JSON mode without a schema names no task. */
function jsonSchemaOf(request: ChatRequest): unknown {
  const format = request.response_format;
  if (!format || format.type === 'text') return undefined;
  if (format.type !== 'json_schema' || !format.json_schema) {
    throw new HttpError(400, `response_format ${format.type} carries no JSON schema: the scripted server needs json_schema (supportsStructuredOutputs).`);
  }
  return format.json_schema.schema;
}

function completionBase(request: ChatRequest) {
  return { id: `chatcmpl-scripted-${Date.now().toString(36)}`, created: Math.floor(Date.now() / 1000), model: request.model };
}

const finishReason = (response: ScriptedResponse) => (response.fail === 'refusal' ? 'content_filter' : 'stop');

function usage({ prompt, text }: { prompt: string; text: string }) {
  const promptTokens = scriptedTokens(prompt);
  const completionTokens = scriptedTokens(text);
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

async function stream({
  res,
  request,
  response,
  prompt,
  signal,
}: {
  res: http.ServerResponse;
  request: ChatRequest;
  response: ScriptedResponse;
  prompt: string;
  signal: AbortSignal;
}): Promise<void> {
  const base = { ...completionBase(request), object: 'chat.completion.chunk' };
  const send = (body: unknown) => res.write(`data: ${JSON.stringify(body)}\n\n`);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const pieces = responseChunks(response);
  for (const [index, piece] of pieces.entries()) {
    await scriptedWait(response.chunkDelayMs ?? 0, signal);
    send({ ...base, choices: [{ index: 0, delta: index === 0 ? { role: 'assistant', content: piece } : { content: piece }, finish_reason: null }] });
  }
  send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: finishReason(response) }] });
  if (request.stream_options?.include_usage) send({ ...base, choices: [], usage: usage({ prompt, text: pieces.join('') }) });
  res.end('data: [DONE]\n\n');
}

async function answer({
  req,
  res,
  scriptFile,
  signal,
}: {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  scriptFile: string;
  signal: AbortSignal;
}): Promise<void> {
  const parsed = chatRequestSchema.safeParse(await readBody(req));
  if (!parsed.success)
    throw new HttpError(400, `not a chat completion request: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  const request = parsed.data;
  const prompt = promptText(request.messages.map((message) => ({ role: message.role, text: messageText(message.content) })));
  const call = readScriptCall({ prompt, jsonSchema: jsonSchemaOf(request) });
  const response = matchScriptRule({ rules: loadScriptFile({ path: scriptFile }), call });

  await scriptedWait(response.delayMs ?? 0, signal);
  if (response.fail === 'hang') return scriptedHang(signal);
  if (response.fail === 'network') {
    req.socket.destroy();
    return;
  }
  if (response.fail === 'quota') return sendError(res, 429, 'Resource has been exhausted (e.g. check quota).', 'rate_limit_exceeded');
  if (response.fail === 'overloaded') return sendError(res, 503, 'The model is overloaded. Please try again later.', 'server_error');
  if (request.stream) return stream({ res, request, response, prompt: prompt.all, signal });
  const text = responseText(response);
  sendJson(res, 200, {
    ...completionBase(request),
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: finishReason(response) }],
    usage: usage({ prompt: prompt.all, text }),
  });
}

export async function startScriptedLlmServer({
  port,
  scriptFile,
  host = '127.0.0.1',
}: {
  port: number;
  scriptFile: string;
  host?: string;
}): Promise<ScriptedLlmServer> {
  let open = 0;
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://server').pathname;
    if (req.method === 'GET' && path === '/health') return sendJson(res, 200, { ok: true });
    if (req.method !== 'POST' || path !== '/v1/chat/completions') return sendError(res, 404, `no route ${req.method} ${path}`, 'not_found');
    // The client going away (Cancel, a deadline) ends a delay, a hang or a stream.
    const gone = new AbortController();
    open += 1;
    res.on('close', () => {
      open -= 1;
      gone.abort(new Error('the client closed the connection'));
    });
    answer({ req, res, scriptFile, signal: gone.signal }).catch((error: unknown) => {
      if (gone.signal.aborted) return;
      const status = error instanceof HttpError ? error.status : error instanceof ScriptFileError ? 400 : 500;
      const message = error instanceof Error ? error.message : String(error);
      // A wrong rule or request fails the call; the reason goes where the test run's output shows it.
      console.error(`Scripted LLM server: ${status} ${status === 500 && error instanceof Error ? (error.stack ?? message) : message}`);
      if (res.headersSent) res.destroy();
      else sendError(res, status, message, 'invalid_request_error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the scripted LLM server has no TCP address');
  const bound = address.port;
  return {
    url: `http://${host}:${bound}/v1`,
    port: bound,
    openCalls: () => open,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
