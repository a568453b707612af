import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { createConformanceValidator, type ConformanceValidator } from '../../src/public/fhir/conformance';
import type { Finding } from '../../src/public/fhir/report/issue';

let validator: ConformanceValidator | undefined;

/**
 * "Basic FHIR validation" of a resource a client writes: our own structural conformance validator
 * (types, primitive formats, cardinality, required bindings). Medplum's memory repository stores
 * whatever it is given, and Medplum's validateResource does not check bindings (a Patient with
 * gender "not-a-gender" would pass). Returns the error issues, empty when the resource is valid.
 */
export function validateForWrite(resource: Record<string, unknown>): OperationOutcomeIssue[] {
  validator ??= createConformanceValidator();
  const findings: Finding[] = [];
  validator.validate(resource, (finding) => findings.push(finding));
  return findings
    .filter((f) => f.severity === 'error' || f.severity === 'fatal')
    .map((f) => ({ severity: f.severity as 'error' | 'fatal', code: f.code, diagnostics: f.message, ...(f.expression.length ? { expression: f.expression } : {}) }));
}

export function invalidOutcome(issues: OperationOutcomeIssue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: issues };
}
