import { systemClock } from '../ports/clock';
import type { Ports } from '../ports';
import { createLazyAiPort, type AiSettings } from './ai-from-env';
import { createTargetHttpPort } from './target-http';
import { createWixDataPort } from './wix-data';
import { elevatedItems } from './wix-elevated-items';
import { createWixMembersPort } from './wix-members';

/**
 * The production ports: Wix Data (elevated: see wix-elevated-items), Wix Members, the system clock,
 * and the AI engine configured by the Secrets Manager (OpenAI with an OPENAI_API_KEY secret, else offline).
 */
export function createWixPorts(): Ports {
  return {
    data: createWixDataPort(elevatedItems()),
    members: createWixMembersPort(),
    clock: systemClock,
    ai: createLazyAiPort(wixAiSettings),
    // On the public site, never the site's own network.
    targetHttp: createTargetHttpPort({ allowPrivate: false }),
  };
}

/**
 * The AI settings from the site's Secrets Manager: OPENAI_API_KEY and, optionally, OPENAI_MODEL.
 * A secret that does not exist is no error: without a key the offline engine answers.
 * Imported on first use, because `wix-secrets-backend` exists only on Wix (not on npm).
 */
async function wixAiSettings(): Promise<AiSettings> {
  const { getSecret } = await import('wix-secrets-backend');
  const secret = (name: string) => getSecret(name).catch(() => undefined);
  const [apiKey, model] = await Promise.all([secret('OPENAI_API_KEY'), secret('OPENAI_MODEL')]);
  return { apiKey, model };
}
