import { DataError, type DataErrorCode } from '../ports/data';

/**
 * Wix Data failures in DataPort terms. Wix reports them as `details.applicationError.code`
 * ("WDE0073"...), as an SDK `code` ("WD_ITEM_DOES_NOT_EXIST"...) or only in the message text,
 * so all three are looked at.
 */

const BY_CODE: Record<string, DataErrorCode> = {
  WDE0073: 'ITEM_NOT_FOUND',
  WD_ITEM_DOES_NOT_EXIST: 'ITEM_NOT_FOUND',
  ITEM_NOT_FOUND: 'ITEM_NOT_FOUND',
  NOT_FOUND: 'ITEM_NOT_FOUND',
  WDE0074: 'DUPLICATE_ID',
  WD_ITEM_ALREADY_EXISTS: 'DUPLICATE_ID',
  ITEM_ALREADY_EXISTS: 'DUPLICATE_ID',
  ALREADY_EXISTS: 'DUPLICATE_ID',
  WDE0123: 'DUPLICATE_KEY',
  UNIQUE_INDEX_VIOLATION: 'DUPLICATE_KEY',
  DUPLICATE_KEY: 'DUPLICATE_KEY',
  WDE0025: 'UNKNOWN_COLLECTION',
  WD_SCHEMA_DOES_NOT_EXIST: 'UNKNOWN_COLLECTION',
  WD_COLLECTION_DELETED: 'UNKNOWN_COLLECTION',
  COLLECTION_NOT_FOUND: 'UNKNOWN_COLLECTION',
  WDE0009: 'ITEM_TOO_LARGE',
  WDE0109: 'ITEM_TOO_LARGE',
  WDE0006: 'BULK_LIMIT_EXCEEDED',
  WD_VALIDATION_ERROR: 'VALIDATION',
  WD_BAD_REQUEST: 'VALIDATION',
  VALIDATION_ERROR: 'VALIDATION',
  INVALID_ARGUMENT: 'VALIDATION',
};

const BY_MESSAGE: Array<[RegExp, DataErrorCode]> = [
  [/item \[?[^\]]*\]? does not exist|item not found/i, 'ITEM_NOT_FOUND'],
  [/collection .*does not exist|collection .*not found|unknown collection/i, 'UNKNOWN_COLLECTION'],
  [/unique|duplicate key/i, 'DUPLICATE_KEY'],
  [/already exists/i, 'DUPLICATE_ID'],
  [/too large/i, 'ITEM_TOO_LARGE'],
];

export function wixErrorCode(code: unknown, message: string): DataErrorCode {
  if (typeof code === 'string') {
    const known = BY_CODE[code] ?? BY_CODE[code.toUpperCase()];
    // A generic NOT_FOUND may be about the collection rather than the item.
    if (known === 'ITEM_NOT_FOUND' && BY_MESSAGE[1][0].test(message)) return 'UNKNOWN_COLLECTION';
    if (known) return known;
  }
  const wde = /\b(WDE\d{4})\b/.exec(message)?.[1];
  if (wde && BY_CODE[wde]) return BY_CODE[wde];
  for (const [pattern, mapped] of BY_MESSAGE) if (pattern.test(message)) return mapped;
  // Client-side argument checks of the SDK (WDE0001-WDE0070) are the caller's mistakes.
  if (wde && Number(wde.slice(3)) <= 70) return 'VALIDATION';
  return 'STORE_UNAVAILABLE';
}

export function toDataError(err: unknown, context: { collection: string; itemId?: string }): DataError {
  if (err instanceof DataError) return err;
  const e = (err ?? {}) as { message?: unknown; code?: unknown; details?: { applicationError?: { code?: unknown; description?: unknown } } };
  const message = typeof e.message === 'string' && e.message ? e.message : String(err);
  const code = e.details?.applicationError?.code ?? e.code;
  const mapped = wixErrorCode(code, message);
  return new DataError(mapped, `Wix Data (${context.collection}): ${message}`, {
    ...context,
    ...(typeof code === 'string' ? { wixCode: code } : {}),
  });
}
