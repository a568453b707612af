import { CRM_UPSERT_CONTACT, submitContact } from '../../src/backend/services/contact';
import { createTestPorts, type TestPorts } from '../helpers/test-ports';

const valid = {
  name: 'Grace Hopper',
  email: 'grace@example.org',
  company: 'Navy',
  message: 'We would like a demo of the scanner on our bulk export.',
  consent: true,
};

describe('submitContact', () => {
  let ports: TestPorts;
  beforeEach(() => {
    ports = createTestPorts();
  });
  afterEach(() => ports.data.close());

  it('stores the submission, queues the CRM sync, audits and counts the conversion', async () => {
    const result = await submitContact(ports, valid, { source: 'web', ip: '10.0.0.1' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;

    const stored = await ports.data.get('ContactSubmissions', result.id);
    expect(stored).toMatchObject({ ...valid, status: 'new' });
    expect(stored?.submittedAt).toEqual(ports.clock.now());

    const outbox = await ports.data.query('Outbox').eq('sourceId', result.id).find();
    expect(outbox.items).toHaveLength(1);
    expect(outbox.items[0]).toMatchObject({
      topic: CRM_UPSERT_CONTACT,
      status: 'pending',
      attempts: 0,
      sourceCollection: 'ContactSubmissions',
      payload: { email: valid.email, name: valid.name, company: valid.company, submissionId: result.id },
    });

    const audit = await ports.data.query('AuditLog').eq('action', 'contact.submitted').find();
    expect(audit.items[0]).toMatchObject({ actorRole: 'visitor', ip: '10.0.0.1', target: `ContactSubmissions/${result.id}` });
    expect(await ports.data.query('ConversionEvents').eq('event', 'contact_submitted').count()).toBe(1);
  });

  it('links the submission to the signed-in member', async () => {
    ports.signIn({ id: 'm-1', loginEmail: 'm@example.org', nickname: 'M', role: 'member' });
    const result = await submitContact(ports, valid, { source: 'web' });
    if (!result.ok) throw new Error('expected success');
    expect(await ports.data.get('ContactSubmissions', result.id)).toMatchObject({ memberId: 'm-1' });
  });

  it('trims fields and treats company as optional', async () => {
    const result = await submitContact(ports, { ...valid, name: '  Ada  ', company: undefined }, { source: 'api' });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(await ports.data.get('ContactSubmissions', result.id)).toMatchObject({ name: 'Ada', company: '' });
  });

  it.each([
    ['name', { name: '   ' }, /name/i],
    ['email', { email: 'not-an-email' }, /valid email/i],
    ['email', { email: '' }, /email/i],
    ['message', { message: 'short' }, /at least 10/],
    ['consent', { consent: false }, /agree/i],
    ['consent', { consent: undefined }, /agree/i],
    ['company', { company: 'x'.repeat(201) }, /200/],
  ])('reports a bad %s beside the field and stores nothing', async (field, patch, message) => {
    const result = await submitContact(ports, { ...valid, ...patch }, { source: 'web' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[field as keyof typeof result.errors]).toMatch(message);
    expect(await ports.data.query('ContactSubmissions').count()).toBe(0);
    expect(await ports.data.query('Outbox').count()).toBe(0);
  });

  it('reports every bad field at once', async () => {
    const result = await submitContact(ports, { name: '', email: 'x', message: '', consent: false }, { source: 'web' });
    if (result.ok) throw new Error('expected failure');
    expect(Object.keys(result.errors).sort()).toEqual(['consent', 'email', 'message', 'name']);
  });

  it.each([null, 'text', 42, [valid]])('answers a non-object input (%j) with a form error', async (input) => {
    const result = await submitContact(ports, input, { source: 'api' });
    expect(result).toEqual({ ok: false, errors: { form: expect.any(String) } });
  });
});
