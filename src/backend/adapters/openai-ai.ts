import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { AiPort, ChatAnswer, ChatRequest, ResourceDraft, ResourceDraftRequest } from '../ports/ai';
import { describeApiError, readAnswer } from './openai-answer';
import { DEFAULT_CHAT_TIMEOUT_MS, streamChatAnswer } from './openai-chat';
import { startDeadline } from './openai-deadline';
import { feedbackMessage, systemPrompt } from './openai-prompt';

/**
 * The OpenAI engine behind the AI port (Chat Completions, `openai` 6.x). A draft is a structured
 * output against the JSON schema of the target type (non-strict: our schema uses JSON Schema beyond
 * the strict subset; our scanner validates the answer anyway). A revision replays the conversation
 * with the previous answer and the scanner's errors. The assistant's answers stream (see
 * openai-chat.ts). Engine trouble never throws: it is a failure the services answer with their
 * offline fallback.
 */
export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';

/** Per request: short enough that the offline fallback still answers inside Wix's ~14 s limit. */
export const DEFAULT_OPENAI_TIMEOUT_MS = 8_000;

/** Upper bound of an answer: a rich Bundle fits, a runaway answer is cut (and then not JSON). */
const MAX_COMPLETION_TOKENS = 4_096;

export interface OpenAiPortOptions {
  apiKey: string;
  /** Default DEFAULT_OPENAI_MODEL. */
  model?: string;
  /** Another OpenAI-compatible endpoint (tests: a local fake). Default the client's (api.openai.com). */
  baseURL?: string;
  /** Per draft request. Default DEFAULT_OPENAI_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Per chat answer, streaming included. Default DEFAULT_CHAT_TIMEOUT_MS. */
  chatTimeoutMs?: number;
  /** Client retries of failed requests. Default 0: the service's own budget decides. */
  maxRetries?: number;
}

export function createOpenAiPort(options: OpenAiPortOptions): AiPort {
  const model = options.model || DEFAULT_OPENAI_MODEL;
  const timeoutMs = options.timeoutMs ?? DEFAULT_OPENAI_TIMEOUT_MS;
  const chatTimeoutMs = options.chatTimeoutMs ?? DEFAULT_CHAT_TIMEOUT_MS;
  let client: OpenAI | undefined;
  const openai = () =>
    (client ??= new OpenAI({
      apiKey: options.apiKey,
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      // The per-request deadline is ours (see draftResource); the client's is only a backstop.
      timeout: 2 * Math.max(timeoutMs, chatTimeoutMs),
      maxRetries: options.maxRetries ?? 0,
    }));

  return {
    engine: async () => 'openai',
    async draftResource(request: ResourceDraftRequest): Promise<ResourceDraft> {
      const deadline = startDeadline(timeoutMs, request.signal);
      try {
        const completion = await openai().chat.completions.create(
          {
            model,
            messages: draftMessages(request),
            response_format: {
              type: 'json_schema',
              json_schema: {
                name: 'fhir_r4_resource',
                description: 'One FHIR R4 resource, or a transaction Bundle of several, as JSON',
                schema: request.schema,
                strict: false,
              },
            },
            max_completion_tokens: MAX_COMPLETION_TOKENS,
          },
          { signal: deadline.signal },
        );
        const choice = completion.choices[0];
        if (!choice) return { ok: false, reason: 'not-json', message: 'the answer had no choice' };
        if (choice.message.refusal) return { ok: false, reason: 'refused', message: 'the model declined the request' };
        if (choice.finish_reason === 'content_filter') return { ok: false, reason: 'refused', message: 'the answer was stopped by the content filter' };
        if (choice.finish_reason === 'length') return { ok: false, reason: 'not-json', message: 'the answer was cut off at its length limit' };
        return readAnswer(choice.message.content ?? '', request.resourceTypes);
      } catch (error) {
        return { ok: false, reason: 'unavailable', message: deadline.reason() ?? describeApiError(error) };
      } finally {
        deadline.dispose();
      }
    },
    answer(request: ChatRequest): Promise<ChatAnswer> {
      return streamChatAnswer({ client: openai, model, timeoutMs: chatTimeoutMs }, request);
    },
  };
}

/** System instructions, the user's request as the user message, and for a revision the previous answer and our feedback. */
export function draftMessages(request: ResourceDraftRequest): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [
    { role: 'system', content: systemPrompt(request) },
    { role: 'user', content: request.prompt },
  ];
  if (request.previous) {
    messages.push(
      { role: 'assistant', content: JSON.stringify(request.previous.resource) },
      { role: 'user', content: feedbackMessage(request.previous.issues) },
    );
  }
  return messages;
}
