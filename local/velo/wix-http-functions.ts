/**
 * Local stand-in for Velo's built-in `wix-http-functions` module: the request object an
 * http function receives and the response helpers it returns. Shapes follow the Velo docs.
 */

export interface WixHttpFunctionRequest {
  /** Path segments after /_functions/<name>/, e.g. ['a','b'] for /_functions/x/a/b. */
  path: string[];
  query: Record<string, string>;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  method: string;
  url: string;
  baseUrl: string;
  functionName: string;
  ip: string;
  body: {
    text(): Promise<string>;
    json(): Promise<unknown>;
  };
}

export interface WixHttpFunctionResponseOptions {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface WixHttpFunctionResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

function make(status: number, options: WixHttpFunctionResponseOptions = {}): WixHttpFunctionResponse {
  return { status: options.status ?? status, headers: { ...(options.headers ?? {}) }, body: options.body };
}

export const ok = (options?: WixHttpFunctionResponseOptions) => make(200, { ...options, status: 200 });
export const created = (options?: WixHttpFunctionResponseOptions) => make(201, { ...options, status: 201 });
export const badRequest = (options?: WixHttpFunctionResponseOptions) => make(400, { ...options, status: 400 });
export const forbidden = (options?: WixHttpFunctionResponseOptions) => make(403, { ...options, status: 403 });
export const notFound = (options?: WixHttpFunctionResponseOptions) => make(404, { ...options, status: 404 });
export const serverError = (options?: WixHttpFunctionResponseOptions) => make(500, { ...options, status: 500 });
/** A response with any status (defaults to 200). */
export const response = (options?: WixHttpFunctionResponseOptions) => make(200, options);
