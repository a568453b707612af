import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the OpenAI API (CI has no network): `POST /v1/chat/completions` answering
 * as the real API does, as one JSON completion or, with `"stream": true`, as server-sent events
 * (chat.completion.chunk deltas, then `data: [DONE]`). Each request takes the next scripted answer;
 * a request with no answer left gets a 500, so a test that calls more often than it expects fails.
 * Every request is recorded (method, path, headers, parsed body) for assertions.
 */
export type FakeAnswer =
  /** The assistant message's text, as the model would write it. */
  | { content: string }
  /** Shorthand: the assistant message is this value as JSON text. */
  | { json: unknown }
  /** A structured-output refusal (message.refusal, no content). */
  | { refusal: string }
  /** An HTTP error from the API, with the API's error body. */
  | { status: number; message?: string }
  /** Never answers (the client's timeout or abort must end the call). */
  | { hang: true }
  /**
   * Streams exactly these pieces of text, one chunk each (a non-streaming request gets them joined).
   * stall: stops after them without finishing, the connection left open (a stream cut off mid-answer).
   * finish: the finish_reason of the last chunk, default 'stop'.
   * gapMs: a pause before each piece after the first, as a model writes (a stream a reader can watch).
   */
  | { pieces: string[]; stall?: boolean; finish?: 'stop' | 'length' | 'content_filter'; gapMs?: number }
  /** Decides from the request (e.g. echo its system prompt). */
  | ((request: RecordedRequest) => FakeAnswer);

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: ChatRequestBody;
}

/** The parts of a Chat Completions request tests look at. */
export interface ChatRequestBody {
  model?: string;
  stream?: boolean;
  messages?: Array<{ role: string; content: string | null }>;
  response_format?: { type: string; json_schema?: { name: string; schema?: Record<string, unknown>; strict?: boolean | null } };
  [key: string]: unknown;
}

export interface FakeOpenAi {
  /** The client's `baseURL` (ends with /v1). */
  baseURL: string;
  requests: RecordedRequest[];
  /** Appends answers for the next requests, in order. */
  script(...answers: FakeAnswer[]): void;
  /** Answers not used yet. */
  pending(): number;
  /** Forgets recorded requests and unused answers (between tests). */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const queue: FakeAnswer[] = [];
  const requests: RecordedRequest[] = [];
  let counter = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, apiError(`fake server failure: ${(error as Error).message}`, 'server_error'));
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      sendJson(res, 404, apiError(`Unknown request URL: ${req.method} ${path}`, 'invalid_request_error'));
      return;
    }
    let body: ChatRequestBody;
    try {
      body = JSON.parse(await readBody(req)) as ChatRequestBody;
    } catch {
      sendJson(res, 400, apiError('We could not parse the JSON body of your request.', 'invalid_request_error'));
      return;
    }
    const recorded: RecordedRequest = { method: req.method, path, headers: req.headers, body };
    requests.push(recorded);
    if (!req.headers.authorization?.startsWith('Bearer ')) {
      sendJson(res, 401, apiError('You did not provide an API key.', 'invalid_request_error'));
      return;
    }
    let answer = queue.shift();
    while (typeof answer === 'function') answer = answer(recorded);
    if (!answer) {
      sendJson(res, 500, apiError('fake OpenAI: no scripted answer left for this request', 'server_error'));
      return;
    }
    if ('hang' in answer) return; // the socket stays open until the client gives up or the server closes
    if ('status' in answer) {
      sendJson(res, answer.status, apiError(answer.message ?? `scripted HTTP ${answer.status}`, 'server_error'));
      return;
    }
    const id = `chatcmpl-fake-${++counter}`;
    const model = body.model ?? 'unknown';
    if ('pieces' in answer) {
      if (body.stream) await streamPieces(res, id, model, answer.pieces, answer.stall ? null : (answer.finish ?? 'stop'), answer.gapMs ?? 0);
      else sendJson(res, 200, completion(id, model, answer.pieces.join(''), null));
      return;
    }
    const content = 'json' in answer ? JSON.stringify(answer.json) : 'content' in answer ? answer.content : null;
    const refusal = 'refusal' in answer ? answer.refusal : null;
    if (body.stream) streamCompletion(res, id, model, content, refusal);
    else sendJson(res, 200, completion(id, model, content, refusal));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...answers) => void queue.push(...answers),
    pending: () => queue.length,
    reset() {
      queue.length = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections(); // ends hanging answers
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function completion(id: string, model: string, content: string | null, refusal: string | null) {
  return {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}

function chunker(id: string, model: string) {
  const created = Math.floor(Date.now() / 1000);
  return (delta: Record<string, unknown>, finish: string | null) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
}

/** As the API streams: a role delta, the content in small pieces, a finish chunk, then [DONE]. */
function streamCompletion(res: ServerResponse, id: string, model: string, content: string | null, refusal: string | null): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const chunk = chunker(id, model);
  res.write(chunk({ role: 'assistant', content: '' }, null));
  if (refusal !== null) res.write(chunk({ refusal }, null));
  const text = content ?? '';
  for (let i = 0; i < text.length; i += 16) res.write(chunk({ content: text.slice(i, i + 16) }, null));
  res.write(chunk({}, 'stop'));
  res.end('data: [DONE]\n\n');
}

/** Scripted pieces; finish null leaves the stream open after them (the client's timeout or abort ends it). */
async function streamPieces(res: ServerResponse, id: string, model: string, pieces: string[], finish: string | null, gapMs: number): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const chunk = chunker(id, model);
  res.write(chunk({ role: 'assistant', content: '' }, null));
  for (const [i, piece] of pieces.entries()) {
    if (i > 0 && gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    if (res.destroyed) return; // the client gave up
    res.write(chunk({ content: piece }, null));
  }
  if (finish === null) return;
  res.write(chunk({}, finish));
  res.end('data: [DONE]\n\n');
}

function apiError(message: string, type: string) {
  return { error: { message, type, param: null, code: null } };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The fake for one test file: started before its tests, closed after them, and after each test it
 * checks that every scripted answer was asked for (a test that calls less often than it says
 * fails), then forgets requests and answers. Use the returned object inside tests.
 */
export function useFakeOpenAi(): FakeOpenAi {
  let real: FakeOpenAi | undefined;
  const current = (): FakeOpenAi => {
    if (!real) throw new Error('The fake OpenAI server runs only inside tests');
    return real;
  };
  beforeAll(async () => {
    real = await startFakeOpenAi();
  });
  afterAll(async () => {
    await real?.close();
  });
  afterEach(() => {
    expect(current().pending()).toBe(0);
    current().reset();
  });
  return {
    get baseURL() {
      return current().baseURL;
    },
    get requests() {
      return current().requests;
    },
    script: (...answers) => current().script(...answers),
    pending: () => current().pending(),
    reset: () => current().reset(),
    close: () => current().close(),
  };
}
