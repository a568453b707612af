/**
 * Greetings, thanks and "who are you?": messages with no question about the site in them. The
 * offline composer would search the content for "hello" (and find nothing, or quote a page that
 * happens to say it); a visitor expects a short friendly reply that says what the assistant does.
 * Only whole messages of this kind count: "hi, how much is the scanner?" is a question.
 */

export const GREETING_REPLY =
  "Hello! I'm the FHIR IQ assistant. Ask me about FHIR, our three tools (FHIR Builder AI, the Data Quality Scanner and the API Testing Suite), " +
  'plans and prices, or how to get started: I answer from this site’s pages and link to them.';

export const THANKS_REPLY = "You're welcome! Ask me anything else about FHIR or FHIR IQ.";

export const ABOUT_ME_REPLY =
  "I'm the FHIR IQ assistant, an automated helper on this site: I answer questions about FHIR and about FHIR IQ's tools, plans and content " +
  'from this site’s pages, with links to the pages I used. For anything else, a person at FHIR IQ answers through the contact page (/contact).';

const GREETING = /^(?:hi|hello|hey|hiya|howdy|greetings|good\s+(?:morning|afternoon|evening|day))(?:\s+(?:there|all|everyone|team|fhir\s*iq))?$/i;
const THANKS = /^(?:(?:ok(?:ay)?|great|perfect|cool|nice|got\s+it)[\s,]*)?(?:thanks?|thank\s+you|thx|ty|cheers|many\s+thanks)(?:\s+(?:a\s+lot|so\s+much|very\s+much|again))?$|^(?:ok(?:ay)?|great|perfect|cool|nice|got\s+it|that\s+helps?)$/i;
const ABOUT_ME = /^(?:who|what)\s+are\s+you\b|^are\s+you\s+(?:an?\s+)?(?:bot|robot|human|person|real|ai|chatgpt|gpt)\b|^what\s+can\s+you\s+do$|^(?:how\s+)?can\s+you\s+help(?:\s+me)?$|^what\s+do\s+you\s+do$/i;

/** The reply to a message that is only small talk, or null for a message with a question in it. */
export function smallTalkReply(message: string): string | null {
  const text = message.trim().replace(/[\s!.?,:;)(]+$/u, '').replace(/^[\s!.,]+/u, '').replace(/\s+/g, ' ');
  if (text === '' || text.length > 60) return null;
  if (GREETING.test(text)) return GREETING_REPLY;
  if (THANKS.test(text)) return THANKS_REPLY;
  if (ABOUT_ME.test(text)) return ABOUT_ME_REPLY;
  return null;
}
