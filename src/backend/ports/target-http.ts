import type { HttpClient } from 'public/fhir/api-test/types';
import type { TargetRefusal } from '../net/target-policy';

/**
 * Outbound HTTP to servers that visitors name (the API Testing Suite's target). The adapter must
 * refuse what net/target-policy refuses, after DNS resolution and on every redirect, and cap time
 * and response size.
 */
export interface TargetHttpPort {
  /** Why the site must not call this URL (scheme, port, credentials, address after DNS), or undefined. */
  check(url: string): Promise<TargetRefusal | undefined>;
  /** The suite's HTTP client; it throws a TargetRefusedError for a refused hop. */
  client: HttpClient;
}
