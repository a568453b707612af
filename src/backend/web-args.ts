import { z } from 'zod';

/**
 * Argument checking for web methods. Page code is public, so anyone can call a web method with
 * anything; a call with malformed arguments is rejected with a clear message (a programming or
 * tampering error, not an expected user mistake, so it is thrown rather than returned).
 */
export class BadArgumentsError extends Error {
  override readonly name = 'BadArgumentsError';
  /** Lets the local web-method runtime answer 400 rather than 500. */
  readonly code = 'BAD_REQUEST';
}

export function parseArgs<S extends z.ZodType>(method: string, schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const detail = result.error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
  throw new BadArgumentsError(`Invalid arguments for ${method}: ${detail}`);
}

/** Slugs and SKUs: lower-case words joined by hyphens, as the collections store them. */
export const slugSchema = z
  .string({ message: 'expected a slug string' })
  .trim()
  .min(1, 'must not be empty')
  .max(120, 'must be at most 120 characters')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters, digits and hyphens');
