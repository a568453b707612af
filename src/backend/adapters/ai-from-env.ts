import type { AiPort } from '../ports/ai';
import { createOfflineAiPort } from './offline-ai';
import { DEFAULT_OPENAI_MODEL, createOpenAiPort } from './openai-ai';

/** How the AI port is configured: with an OpenAI key the OpenAI engine answers, without one the offline engine. */
export interface AiSettings {
  apiKey?: string;
  model?: string;
  baseURL?: string;
  timeoutMs?: number;
}

export function createAiPort(settings: AiSettings): AiPort {
  const apiKey = settings.apiKey?.trim();
  if (!apiKey) return createOfflineAiPort();
  return createOpenAiPort({
    apiKey,
    model: settings.model?.trim() || DEFAULT_OPENAI_MODEL,
    ...(settings.baseURL?.trim() ? { baseURL: settings.baseURL.trim() } : {}),
    ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
  });
}

/**
 * The local runtime and the CLI: OPENAI_API_KEY set -> OpenAI (OPENAI_MODEL, default gpt-4o-mini;
 * OPENAI_BASE_URL for another compatible endpoint; OPENAI_TIMEOUT_MS per request), else offline.
 */
export function createAiPortFromEnv(env: NodeJS.ProcessEnv): AiPort {
  const timeout = Number(env.OPENAI_TIMEOUT_MS);
  return createAiPort({
    apiKey: env.OPENAI_API_KEY,
    model: env.OPENAI_MODEL,
    baseURL: env.OPENAI_BASE_URL,
    timeoutMs: Number.isInteger(timeout) && timeout > 0 ? timeout : undefined,
  });
}

/**
 * An AI port whose settings are read on first use (on Wix, from the Secrets Manager: reading a secret
 * is a call, and most backend calls never need the AI). Settings that fail to load give the offline
 * engine for that call and are read again on the next one.
 */
export function createLazyAiPort(load: () => Promise<AiSettings>): AiPort {
  let resolved: Promise<AiPort> | undefined;
  const port = (): Promise<AiPort> => {
    resolved ??= load().then(createAiPort, (error: unknown) => {
      resolved = undefined;
      console.warn(`AI settings could not be read; using the offline engine: ${(error as Error)?.message ?? error}`);
      return createOfflineAiPort();
    });
    return resolved;
  };
  return {
    engine: async () => (await port()).engine(),
    draftResource: async (request) => (await port()).draftResource(request),
    answer: async (request) => (await port()).answer(request),
  };
}
