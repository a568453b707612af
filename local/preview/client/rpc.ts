/**
 * The browser side of web methods: what `import { fn } from 'backend/x.web'` becomes in a
 * preview bundle. Same contract as on Wix: the promise resolves with the method's result, or
 * rejects with an Error (here carrying the server's code and HTTP status).
 */
export class WebMethodError extends Error {
  override readonly name = 'WebMethodError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export async function callWebMethod(
  moduleName: string,
  methodName: string,
  args: unknown[],
  fetchImpl: FetchLike = (input, init) => fetch(input, init),
): Promise<unknown> {
  const url = `/_webmethods/${encodeURIComponent(moduleName)}/${encodeURIComponent(methodName)}`;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ args }),
    });
  } catch (err) {
    throw new WebMethodError('NETWORK', `Could not reach ${moduleName}.${methodName}: ${(err as Error).message}`, 0);
  }
  const body = await response.json().catch(() => undefined) as
    | { result?: unknown; error?: { code?: unknown; message?: unknown } }
    | undefined;
  if (!response.ok) {
    const code = typeof body?.error?.code === 'string' ? body.error.code : `HTTP_${response.status}`;
    const message = typeof body?.error?.message === 'string' ? body.error.message : `${moduleName}.${methodName} failed with HTTP ${response.status}`;
    throw new WebMethodError(code, message, response.status);
  }
  if (body === undefined) throw new WebMethodError('BAD_RESPONSE', `${moduleName}.${methodName} answered with no JSON`, response.status);
  return body.result;
}
