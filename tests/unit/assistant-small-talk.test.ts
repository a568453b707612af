import { seedIfEmpty } from '../../local/seed';
import { askAssistant } from '../../src/backend/services/assistant/chat';
import { ABOUT_ME_REPLY, GREETING_REPLY, smallTalkReply, THANKS_REPLY } from '../../src/backend/services/assistant/small-talk';
import { RETRIEVAL_QUESTIONS } from '../fixtures/assistant/questions';
import { createTestPorts } from '../helpers/test-ports';

/** Greetings, thanks and "who are you?" get a short reply of their own; anything with a question in it does not. */
describe('smallTalkReply', () => {
  it.each([
    ['hello', GREETING_REPLY],
    ['Hi there!', GREETING_REPLY],
    ['good morning', GREETING_REPLY],
    ['Thanks!', THANKS_REPLY],
    ['ok thank you so much', THANKS_REPLY],
    ['great, thanks', THANKS_REPLY],
    ['Who are you?', ABOUT_ME_REPLY],
    ['Are you a bot?', ABOUT_ME_REPLY],
    ['what can you do?', ABOUT_ME_REPLY],
  ])('%j gets its reply', (message, reply) => {
    expect(smallTalkReply(message)).toBe(reply);
  });

  it.each(['hi, how much does the scanner cost?', 'thanks, and what about the tester?', 'Who are your customers?', 'hello world Patient resource', 'What is FHIR?'])(
    '%j is a question, not small talk',
    (message) => {
      expect(smallTalkReply(message)).toBeNull();
    },
  );

  it('never takes a question of the site question set for small talk', () => {
    expect(RETRIEVAL_QUESTIONS.filter(({ question }) => smallTalkReply(question) !== null)).toEqual([]);
  });
});

it('through the chat service: a greeting is answered as such, with no citations and no "could not find" or contact offer', async () => {
  const ports = createTestPorts();
  await seedIfEmpty(ports.data);
  const outcome = await askAssistant(ports, { message: 'Hello!' }, { ip: '192.0.2.9' });
  if (!outcome.ok) throw new Error('refused');
  expect(outcome.reply).toMatchObject({ answer: GREETING_REPLY, citations: [], engine: 'offline' });
});
