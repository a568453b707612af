import { z } from 'zod';
import type { DataItem, Ports, SiteRole } from '../ports';
import { audit } from './audit';
import { normalizeEmail } from './email';
import { enqueue } from './outbox';

/** The Contact page form. Messages are what a person would see beside the field. */
export const contactFormSchema = z.object({
  name: z.string().trim().min(1, 'Please enter your name').max(200, 'Please keep your name under 200 characters'),
  email: z
    .string()
    .trim()
    .min(1, 'Please enter your email address')
    .max(254, 'That email address is too long')
    .pipe(z.email('Please enter a valid email address, like name@example.com')),
  company: z.string().trim().max(200, 'Please keep the company name under 200 characters').optional().default(''),
  message: z
    .string()
    .trim()
    .min(10, 'Please tell us a little more (at least 10 characters)')
    .max(5000, 'Please keep your message under 5000 characters'),
  consent: z.literal(true, 'Please agree that we may contact you about your message'),
});

export type ContactForm = z.infer<typeof contactFormSchema>;
export const CONTACT_FIELDS = ['name', 'email', 'company', 'message', 'consent'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export type ContactResult =
  | { ok: true; id: string }
  | { ok: false; errors: Partial<Record<ContactField | 'form', string>> };

export interface ContactSubmission extends DataItem {
  name: string;
  email: string;
  company: string;
  message: string;
  consent: true;
  status: 'new' | 'synced' | 'closed';
  memberId?: string;
  submittedAt: Date;
}

/** Topic of the Outbox message that brings the submission into the CRM. */
export const CRM_UPSERT_CONTACT = 'crm.upsertContact';

/**
 * Records a contact submission and queues its CRM sync. Invalid input comes back as field
 * errors (never thrown), so the page can show each one beside its field.
 */
export async function submitContact(
  ports: Ports,
  input: unknown,
  meta: { ip?: string; source: 'web' | 'api' },
): Promise<ContactResult> {
  const parsed = contactFormSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const form = parsed.data;

  const member = await ports.members.getCurrentMember();
  const submission = await ports.data.insert<ContactSubmission>('ContactSubmissions', {
    ...form,
    status: 'new',
    ...(member ? { memberId: member.id } : {}),
    submittedAt: ports.clock.now(),
  });

  await enqueue(ports, {
    topic: CRM_UPSERT_CONTACT,
    payload: {
      email: submission.email,
      name: submission.name,
      company: submission.company,
      message: submission.message,
      submissionId: submission._id,
    },
    sourceCollection: 'ContactSubmissions',
    sourceId: submission._id,
  });
  const role: SiteRole = member?.role ?? 'visitor';
  await audit(ports, {
    action: 'contact.submitted',
    actorId: member?.id,
    actorRole: role,
    target: `ContactSubmissions/${submission._id}`,
    ip: meta.ip,
    details: { source: meta.source },
  });
  await ports.data.insert('ConversionEvents', {
    event: 'contact_submitted',
    ...(member ? { memberId: member.id } : {}),
    properties: { source: meta.source, hasCompany: form.company !== '' },
    occurredAt: ports.clock.now(),
  });
  return { ok: true, id: submission._id };
}

function fieldErrors(error: z.ZodError): Partial<Record<ContactField | 'form', string>> {
  const errors: Partial<Record<ContactField | 'form', string>> = {};
  for (const issue of error.issues) {
    const key = issue.path[0];
    const field: ContactField | 'form' =
      typeof key === 'string' && (CONTACT_FIELDS as readonly string[]).includes(key) ? (key as ContactField) : 'form';
    errors[field] ??= field === 'form' ? 'Please check the form and try again' : issue.message;
  }
  return errors;
}

/** Used by the data hook: the stored email is always trimmed and lower-cased. */
export function normalizeContactItem<T extends Record<string, unknown>>(item: T): T {
  return { ...item, email: normalizeEmail(item.email) };
}
