import { buildFromPrompt } from 'public/fhir/builder';
import type { AiPort, ResourceDraft, ResourceDraftRequest } from '../ports/ai';

/**
 * The offline engine behind the AI port: the deterministic builder of src/public/fhir/builder,
 * with no model and no network. It is the default when no OpenAI key is configured, and it cannot
 * revise an answer (a second call with feedback gives the same result).
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
  };
}
