import { buildFromPrompt } from 'public/fhir/builder';
import type { AiPort, ChatAnswer, ChatRequest, ResourceDraft, ResourceDraftRequest } from '../ports/ai';
import { composeExtractiveAnswer } from '../services/assistant/extractive';

/**
 * The offline engine behind the AI port, with no model and no network: the deterministic builder of
 * src/public/fhir/builder drafts resources, and the extractive composer of services/assistant
 * answers questions by quoting the best sentences of the retrieved passages. It is the default when
 * no OpenAI key is configured, and it cannot revise an answer (a second call with feedback gives the
 * same result).
 */
export function createOfflineAiPort(): AiPort {
  return {
    engine: async () => 'offline',
    async draftResource(request: ResourceDraftRequest): Promise<ResourceDraft> {
      const built = buildFromPrompt(request.prompt, { now: request.now });
      if (!built.ok) {
        return { ok: false, reason: 'not-understood', message: built.message, understood: built.understood, missing: built.missing };
      }
      return { ok: true, resource: built.resource as unknown as Record<string, unknown>, understood: built.understood, notes: built.notes };
    },
    async answer(request: ChatRequest): Promise<ChatAnswer> {
      if (request.signal?.aborted) return { ok: false, reason: 'unavailable', message: 'the time budget ran out' };
      const composed = composeExtractiveAnswer(request);
      // Composed at once: the whole answer is the only "delta".
      request.onDelta?.(composed.answer);
      return { ok: true, answer: composed.answer, usedPassageIds: composed.usedPassageIds, noAnswer: composed.noAnswer };
    },
  };
}
