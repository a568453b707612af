import type OpenAI from 'openai';
import type { ChatAnswer, ChatRequest } from '../ports/ai';
import { describeApiError } from './openai-answer';
import { readChatAnswer, repeatsChatInstructions, streamingText } from './openai-chat-answer';
import { chatMessages } from './openai-chat-prompt';
import { startDeadline } from './openai-deadline';

/**
 * The assistant's answer from OpenAI (Chat Completions with `stream: true`): the text reaches the
 * caller's onDelta as it arrives, without the SOURCES line, and is checked for a leak of our
 * instructions at every piece, so a model that starts reciting them is cut off before a whole
 * sentence of them is shown. Engine trouble never throws: it is `unavailable`, and the chat service
 * answers with the offline engine instead.
 */

/**
 * The whole exchange, streaming included: leaves the offline fallback and the rest of the request
 * time inside Wix's ~14 s limit for backend calls.
 */
export const DEFAULT_CHAT_TIMEOUT_MS = 9_000;

/** A short answer (rule 3 asks for 120 words) with room for the SOURCES line. */
const MAX_CHAT_COMPLETION_TOKENS = 600;

export interface ChatEngine {
  client: () => OpenAI;
  model: string;
  timeoutMs: number;
}

export async function streamChatAnswer(engine: ChatEngine, request: ChatRequest): Promise<ChatAnswer> {
  const deadline = startDeadline(engine.timeoutMs, request.signal);

  let raw = '';
  let shown = '';
  let refused = false;
  let finish: string | null = null;
  try {
    const stream = await engine.client().chat.completions.create(
      { model: engine.model, messages: chatMessages(request), stream: true, max_completion_tokens: MAX_CHAT_COMPLETION_TOKENS },
      { signal: deadline.signal },
    );
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (!choice) continue;
      if (choice.delta?.refusal) refused = true;
      if (choice.finish_reason) finish = choice.finish_reason;
      const piece = choice.delta?.content;
      if (!piece) continue;
      raw += piece;
      // Returning ends the loop, which closes the stream: nothing more of it is read, or paid for.
      if (repeatsChatInstructions(raw)) return withheld();
      const visible = streamingText(raw);
      if (visible !== shown) {
        shown = visible;
        notify(request, visible);
      }
    }
  } catch (error) {
    return { ok: false, reason: 'unavailable', message: deadline.reason() ?? describeApiError(error) };
  } finally {
    deadline.dispose();
  }

  // The client ends the stream quietly when it is aborted: the deadline tells why.
  const cut = deadline.reason();
  if (cut) return { ok: false, reason: 'unavailable', message: cut };
  if (refused) return { ok: false, reason: 'refused', message: 'the model declined the request' };
  if (finish === null) return { ok: false, reason: 'unavailable', message: 'the stream ended before the answer was complete' };
  if (finish === 'content_filter') return { ok: false, reason: 'refused', message: 'the answer was stopped by the content filter' };
  const read = readChatAnswer(raw, request.passages.map((p) => p.id));
  if (!read.answer) return { ok: false, reason: 'unavailable', message: 'the answer was empty' };
  // The final text can differ from the last piece shown (a held-back tail that was not the marker).
  if (read.answer !== shown) notify(request, read.answer);
  return { ok: true, ...read };
}

function withheld(): ChatAnswer {
  return { ok: false, reason: 'refused', message: 'the answer repeated the engine instructions and was withheld' };
}

/** A failing listener (the caller's store of the text so far) must not cost the answer. */
function notify(request: ChatRequest, text: string): void {
  try {
    request.onDelta?.(text);
  } catch (error) {
    console.warn(`chat onDelta failed: ${(error as Error)?.message ?? error}`);
  }
}
