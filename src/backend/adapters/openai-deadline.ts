/**
 * One abort signal for an OpenAI call: our own timeout or the caller's budget, whichever ends
 * first. Which of the two fired is recorded here, so the reason we give does not depend on the
 * client's error classes (the client also ends a stream quietly when it is aborted).
 */
export interface Deadline {
  readonly signal: AbortSignal;
  /** Why the call was cut short, or null when neither fired. */
  reason(): 'the request timed out' | 'the time budget ran out' | null;
  /** Stops the timer and the listener; call it in `finally`. */
  dispose(): void;
}

export function startDeadline(timeoutMs: number, budget?: AbortSignal): Deadline {
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, timeoutMs);
  const onBudgetSpent = () => abort.abort();
  budget?.addEventListener('abort', onBudgetSpent, { once: true });
  if (budget?.aborted) abort.abort();
  return {
    signal: abort.signal,
    reason: () => (timedOut ? 'the request timed out' : abort.signal.aborted ? 'the time budget ran out' : null),
    dispose() {
      clearTimeout(timer);
      budget?.removeEventListener('abort', onBudgetSpent);
    },
  };
}
