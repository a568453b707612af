import type { OperationOutcome } from '@medplum/fhirtypes';

type IssueType = NonNullable<OperationOutcome['issue']>[number]['code'];

export function outcome(code: IssueType, diagnostics: string, severity: 'error' | 'fatal' | 'information' = 'error', expression?: string[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics, ...(expression ? { expression } : {}) }] };
}

/** An HTTP error the layer answers with an OperationOutcome. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly outcome: OperationOutcome
  ) {
    super(outcome.issue?.[0]?.diagnostics ?? `HTTP ${status}`);
  }
}

export const httpError = (status: number, code: IssueType, diagnostics: string, expression?: string[]) => new HttpError(status, outcome(code, diagnostics, 'error', expression));
