/** A problem with how the command was called or with its input files: exit code 2, no report. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;
