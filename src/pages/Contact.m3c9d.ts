// Contact page: the form sends through the submitContact web method; the backend validates and
// answers with per-field messages, shown beside each field.
import { submitContact } from 'backend/contact.web';
import { hideAll, showMessage } from 'public/page-ui';

const FIELDS = [
  { key: 'name', error: '#nameError' },
  { key: 'email', error: '#emailError' },
  { key: 'company', error: '#companyError' },
  { key: 'message', error: '#messageError' },
  { key: 'consent', error: '#consentError' },
  { key: 'form', error: '#formError' },
] as const;

function clearErrors(): void {
  hideAll($w, ...FIELDS.map((field) => field.error));
}

$w.onReady(() => {
  clearErrors();
  void $w('#successMessage').hide();

  $w('#submitButton').onClick(async () => {
    clearErrors();
    const button = $w('#submitButton');
    await button.disable();
    button.label = 'Sending…';
    try {
      const result = await submitContact({
        name: $w('#nameInput').value,
        email: $w('#emailInput').value,
        company: $w('#companyInput').value,
        message: $w('#messageInput').value,
        consent: $w('#consentCheckbox').checked,
      });
      if (result.ok) {
        await $w('#contactFormBox').hide();
        $w('#successMessage').text =
          `Thank you, ${$w('#nameInput').value.trim()}. We have your message and will reply to ${$w('#emailInput').value.trim()} within one business day.`;
        await $w('#successMessage').show();
        return;
      }
      for (const field of FIELDS) {
        const message = result.errors[field.key];
        if (message) showMessage($w, field.error, message);
      }
    } catch {
      showMessage($w, '#formError', 'We could not send your message just now. Please try again in a minute, or email hello@fhiriq.com.');
    } finally {
      button.label = 'Send message';
      await button.enable();
    }
  });
});
