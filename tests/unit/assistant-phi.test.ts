import { maskNotice, maskPhi, placeholder, withoutPersonalData, type PhiKind } from '../../src/backend/services/assistant/phi';

/**
 * PHI masking of the assistant's messages: every kind in the forms people write it, and the FHIR
 * content that must stay (ids, versions, OIDs, codes, dates that are not dates of birth).
 */

describe('maskPhi masks', () => {
  it.each<[PhiKind, string, string]>([
    ['social security number', 'My SSN is 123-45-6789, can FHIR store it?', '123-45-6789'],
    ['social security number', 'ssn: 123456789', '123456789'],
    ['social security number', 'social security number 123 45 6789 on the form', '123 45 6789'],
    ['social security number', 'identifier value 078-05-1120 in the bundle', '078-05-1120'],
    ['medical record number', 'Patient MRN 12345678 has a bad Observation', '12345678'],
    ['medical record number', 'MRN: A1234567', 'A1234567'],
    ['medical record number', 'MRN#00998877', '00998877'],
    ['medical record number', 'the medical record number is 00123456', '00123456'],
    ['medical record number', '{"mrn": "99887766"}', '99887766'],
    ['medical record number', 'chart no. 445566 is missing', '445566'],
    ['medical record number', 'hospital number H-99812 duplicates', 'H-99812'],
    ['date of birth', 'DOB 01/02/1980, female', '01/02/1980'],
    ['date of birth', 'D.O.B.: 1/2/80', '1/2/80'],
    ['date of birth', 'she was born on March 3, 1975 in Ohio', 'March 3, 1975'],
    ['date of birth', 'born 3rd of March 1975', '3rd of March 1975'],
    ['date of birth', 'date of birth: 1980-01-02', '1980-01-02'],
    ['date of birth', '"birthDate": "1975-03-12"', '1975-03-12'],
    ['date of birth', 'birth date Sept. 9, 1961', 'Sept. 9, 1961'],
    ['date of birth', 'born in March 1975', 'March 1975'],
    ['phone number', 'call me at 555-123-4567 tomorrow', '555-123-4567'],
    ['phone number', 'phone (555) 123-4567', '(555) 123-4567'],
    ['phone number', 'reach me on 555.123.4567', '555.123.4567'],
    ['phone number', 'cell 555 123 4567', '555 123 4567'],
    ['phone number', 'US office +1 555 123 4567', '+1 555 123 4567'],
    ['phone number', 'or 1-800-555-0199', '1-800-555-0199'],
    ['phone number', 'tel: 5551234567', '5551234567'],
    ['phone number', 'my number is +44 20 7946 0958', '+44 20 7946 0958'],
    ['phone number', 'Berlin: +49 (30) 1234567', '+49 (30) 1234567'],
    ['phone number', 'Paris +33 1 23 45 67 89.', '+33 1 23 45 67 89'],
    ['email address', 'mail jane.doe@example.com please', 'jane.doe@example.com'],
    ['email address', 'J.Roe+fhir@Hospital.Example.ORG', 'J.Roe+fhir@Hospital.Example.ORG'],
  ])('%s in %j', (kind, text, value) => {
    const masked = maskPhi(text);
    expect(masked.kinds).toEqual([kind]);
    expect(masked.text).not.toContain(value);
    expect(masked.text).toBe(text.replace(value, placeholder(kind)));
  });

  it('several kinds at once, each listed once in a fixed order, every value gone', () => {
    const text =
      'Patient Jane, DOB 04/05/1962, MRN 55501234, SSN 219-09-9999, phone 555-867-5309 and +44 20 7946 0958, ' +
      'email jane@example.org, second email j.roe@example.net';
    const masked = maskPhi(text);
    expect(masked.kinds).toEqual(['email address', 'social security number', 'medical record number', 'date of birth', 'phone number']);
    for (const value of ['04/05/1962', '55501234', '219-09-9999', '555-867-5309', '7946 0958', 'jane@example.org', 'j.roe@example.net']) {
      expect(masked.text).not.toContain(value);
    }
    expect(masked.text).toContain('Patient Jane, DOB [date of birth removed], MRN [medical record number removed]');
  });
});

describe('maskPhi leaves FHIR content alone', () => {
  it.each([
    'How do I search Patient/1234567890 with _include?',
    'GET [base]/Observation?patient=123456789&date=ge2024-01-01',
    'The Observation was taken 2024-01-05 at 10:30',
    'effectiveDateTime 2024-01-05T10:30:00Z fails the invariant',
    'Does the scanner support FHIR 4.0.1 and US Core 5.0.1 and 6.1.0?',
    'The OID 2.16.840.1.113883.6.1 is LOINC; 1.2.840.10008.1.2.1 is DICOM',
    'LOINC 8480-6 and 8462-4 for blood pressure, SNOMED 38341003',
    'NDC 0002-3227-30 in a MedicationRequest',
    'The identifier system http://hl7.org/fhir/sid/us-ssn for an SSN',
    'Is MRN required in US Core? What does an MRN system look like?',
    'Patient id 123e4567-e89b-12d3-a456-426614174000 returns 404',
    'npm i @medplum/core@4.5.2 and user@localhost',
    'The Pro plan is $1,299.00 per year for 10 000 scans',
    'born in 1975 (a year alone is not masked)',
    'the birthDate element is optional; my birthday party is in March',
    'Timestamps 10:30:45 and ids 12-34-56 and 123-456',
  ])('%j', (text) => {
    expect(maskPhi(text)).toEqual({ text, kinds: [] });
  });
});

describe('maskNotice', () => {
  it('says nothing when nothing was masked', () => {
    expect(maskNotice([])).toBeUndefined();
  });

  it('names what was removed, with the right article, and asks not to share such data', () => {
    expect(maskNotice(['phone number'])).toMatch(/^Your message looked like it contained a phone number, so we removed it /);
    const notice = maskNotice(['email address', 'date of birth', 'phone number']);
    expect(notice).toContain('an email address, a date of birth and a phone number, so we removed them');
    expect(notice).toMatch(/do not share personal or patient information/);
  });
});

describe('withoutPersonalData (what retrieval and the offline composer read)', () => {
  it.each([
    ['My DOB is [date of birth removed], email [email address removed]. How much is the scanner?', 'How much is the scanner?'],
    ['How much is the scanner?\nCall me at [phone number removed]', 'How much is the scanner?'],
    ['Patient MRN [medical record number removed] fails validation', 'Patient MRN fails validation'],
    ['[email address removed]', ''],
    ['What does the scanner check?', 'What does the scanner check?'],
  ])('%j -> %j', (masked, read) => {
    expect(withoutPersonalData(masked)).toBe(read);
  });
});
