import { Permissions, webMethod } from '@wix/web-methods';
import { ports } from './platform';
import { submitContact as submit, type ContactResult } from './services/contact';

/** The Contact page form. Anyone may send it; field errors come back as values for the page to show. */
export const submitContact = webMethod(Permissions.Anyone, (form: unknown): Promise<ContactResult> =>
  submit(ports(), form, { source: 'web' }),
);
