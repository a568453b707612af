/** Emails are compared and stored trimmed and lower-cased, so one person is one record. */
export function normalizeEmail(email: unknown): unknown {
  return typeof email === 'string' ? email.trim().toLowerCase() : email;
}
