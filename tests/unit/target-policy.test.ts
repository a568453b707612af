import { checkAddress, checkTargetUrl } from '../../src/backend/net/target-policy';

const strict = { allowPrivate: false };
const dev = { allowPrivate: true };

describe('target policy (SSRF)', () => {
  it.each([
    ['http://127.0.0.1/fhir', 'TARGET_ADDRESS', /loopback/],
    ['http://127.8.9.10:8080/fhir', 'TARGET_ADDRESS', /loopback/],
    ['http://[::1]:8080/', 'TARGET_ADDRESS', /loopback/],
    ['http://[::ffff:127.0.0.1]/', 'TARGET_ADDRESS', /loopback/],
    ['http://localhost:8080/fhir', 'TARGET_ADDRESS', /loopback/],
    ['http://api.localhost/fhir', 'TARGET_ADDRESS', /loopback/],
    ['http://10.1.2.3:8443/fhir', 'TARGET_ADDRESS', /private/],
    ['http://172.16.0.1/', 'TARGET_ADDRESS', /private/],
    ['http://192.168.1.20/', 'TARGET_ADDRESS', /private/],
    ['http://[fd12:3456::1]/', 'TARGET_ADDRESS', /private/],
    ['http://169.254.169.254/latest/meta-data/', 'TARGET_ADDRESS', /cloud metadata/],
    ['http://[::ffff:169.254.169.254]/', 'TARGET_ADDRESS', /cloud metadata/],
    ['http://[fd00:ec2::254]/', 'TARGET_ADDRESS', /cloud metadata/],
    ['http://169.254.10.1/', 'TARGET_ADDRESS', /link-local/],
    ['http://[fe80::1]/', 'TARGET_ADDRESS', /link-local/],
    ['http://0.0.0.0:8080/', 'TARGET_ADDRESS', /unspecified/],
    ['http://100.100.100.200/', 'TARGET_ADDRESS', /carrier-grade NAT/],
    ['http://224.0.0.1/', 'TARGET_ADDRESS', /multicast/],
    ['ftp://fhir.example.org/', 'TARGET_SCHEME', /Only http and https/],
    ['file:///etc/passwd', 'TARGET_SCHEME', /Only http and https/],
    ['gopher://fhir.example.org/', 'TARGET_SCHEME', /Only http and https/],
    ['http://user:secret@fhir.example.org/', 'TARGET_CREDENTIALS', /header/],
    ['http://fhir.example.org:22/', 'TARGET_PORT', /Port 22/],
    ['not a url', 'TARGET_URL', /not an absolute URL/],
  ])('refuses %s (%s)', (url, code, message) => {
    const refusal = checkTargetUrl(url, strict);
    expect(refusal?.code).toBe(code);
    expect(refusal?.message).toMatch(message);
  });

  it.each(['https://hapi.fhir.org/baseR4', 'http://fhir.example.org:8080/r4', 'http://8.8.8.8/', 'http://[2001:4860:4860::8888]/fhir'])('lets %s through', (url) => {
    expect(checkTargetUrl(url, strict)).toBeUndefined();
  });

  it('lets loopback and private targets through in development, never link-local or metadata', () => {
    expect(checkTargetUrl('http://127.0.0.1:8080/fhir', dev)).toBeUndefined();
    expect(checkTargetUrl('http://localhost:8080/fhir', dev)).toBeUndefined();
    expect(checkAddress('10.0.0.5', dev)).toBeUndefined();
    expect(checkAddress('169.254.169.254', dev)?.message).toMatch(/cloud metadata/);
    expect(checkAddress('fe80::1', dev)?.code).toBe('TARGET_ADDRESS');
    expect(checkAddress('fd00:ec2::254', dev)?.message).toMatch(/cloud metadata/);
    expect(checkAddress('224.0.0.1', dev)?.code).toBe('TARGET_ADDRESS');
  });

  it('checks resolved addresses, including IPv4-mapped IPv6', () => {
    expect(checkAddress('93.184.216.34', strict)).toBeUndefined();
    expect(checkAddress('::ffff:10.0.0.1', strict)?.message).toMatch(/private/);
    expect(checkAddress('nonsense', strict)?.message).toMatch(/not an IP address/);
  });
});
