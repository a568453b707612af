import { seedIfEmpty } from '../../local/seed';
import { askAssistant } from '../../src/backend/services/assistant/chat';
import { RETRIEVAL_QUESTIONS } from '../fixtures/assistant/questions';
import { createTestPorts } from '../helpers/test-ports';

/**
 * The assistant as a visitor meets it, end to end on the site's real content (the local seed) with
 * the offline engine: for each question of the set, is the page that answers it among the first
 * three citations of the answer? (assistant-retrieval.test.ts measures the search alone; here the
 * composer also has to choose the right passages to quote.) The figure is printed.
 */
it('cites the page that answers the question among the first three citations for at least 90% of the questions', async () => {
  const ports = createTestPorts();
  await seedIfEmpty(ports.data);
  const misses: string[] = [];
  for (const [i, { question, url }] of RETRIEVAL_QUESTIONS.entries()) {
    // One client per question: the set is larger than one client's rate limit.
    const outcome = await askAssistant(ports, { message: question }, { ip: `198.51.100.${i + 1}` });
    if (!outcome.ok) throw new Error(`"${question}" was refused (${outcome.status})`);
    expect(outcome.reply.engine).toBe('offline');
    const cited = outcome.reply.citations.slice(0, 3).map((c) => c.url);
    if (!cited.includes(url)) misses.push(`  "${question}" wants ${url}, cited ${cited.join(', ') || 'nothing'}`);
  }
  const hits = RETRIEVAL_QUESTIONS.length - misses.length;
  const rate = hits / RETRIEVAL_QUESTIONS.length;
  console.log(
    `Answer citations (answering page among the first 3, offline engine): ${(rate * 100).toFixed(1)}% (${hits}/${RETRIEVAL_QUESTIONS.length})` +
      (misses.length > 0 ? `\nMisses:\n${misses.join('\n')}` : '\nMisses: none'),
  );
  expect(rate).toBeGreaterThanOrEqual(0.9);
});

it('answers a question the same when it carries personal data that gets masked (the placeholders do not steer retrieval or the answer)', async () => {
  const ports = createTestPorts();
  await seedIfEmpty(ports.data);
  const differ: string[] = [];
  for (const [i, { question }] of RETRIEVAL_QUESTIONS.entries()) {
    const plain = await askAssistant(ports, { message: question }, { ip: `198.51.101.${i + 1}` });
    const withPhi = await askAssistant(ports, { message: `My DOB is 01/02/1980, MRN 12345678, email jane@example.com. ${question}` }, { ip: `198.51.102.${i + 1}` });
    if (!plain.ok || !withPhi.ok) throw new Error(`"${question}" was refused`);
    expect(withPhi.reply.masked).toEqual(['email address', 'medical record number', 'date of birth']);
    if (JSON.stringify(withPhi.reply.citations) !== JSON.stringify(plain.reply.citations)) {
      differ.push(`  "${question}": ${plain.reply.citations.map((c) => c.url).join(', ')} vs ${withPhi.reply.citations.map((c) => c.url).join(', ')}`);
    }
  }
  expect(differ).toEqual([]);
});
