import { response, type WixHttpFunctionResponse } from 'wix-http-functions';

/** Every error our http functions return has this body, so clients handle one shape. */
export interface ErrorBody {
  error: { code: string; message: string; issues?: Array<{ path: string; message: string }> };
}

const JSON_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

export function json(status: number, body: unknown, headers: Record<string, string> = {}): WixHttpFunctionResponse {
  return response({ status, headers: { ...JSON_HEADERS, ...headers }, body });
}

export function jsonError(
  status: number,
  code: string,
  message: string,
  issues?: ErrorBody['error']['issues'],
): WixHttpFunctionResponse {
  const body: ErrorBody = { error: { code, message, ...(issues ? { issues } : {}) } };
  return json(status, body);
}

/** A file to download (a report): the browser saves it as `filename`. */
export function attachment(contentType: string, filename: string, body: string): WixHttpFunctionResponse {
  return response({
    status: 200,
    headers: { 'Content-Type': contentType, 'Content-Disposition': `attachment; filename="${filename.replace(/["\\\r\n]/g, '_')}"`, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' },
    body,
  });
}

/** 429 with the seconds to wait, in the Retry-After header and in the message. */
export function tooManyRequests(retryAfterSeconds: number, what: string): WixHttpFunctionResponse {
  const error = jsonError(429, 'RATE_LIMITED', `Too many ${what} in a short time; try again in ${retryAfterSeconds} seconds`);
  return { ...error, headers: { ...error.headers, 'Retry-After': String(retryAfterSeconds) } };
}
