import { PassThrough, Readable } from 'node:stream';
import { main } from '../../cli/main';
import { DEFAULT_BASE_URL, LANGUAGES, generateCode } from '../../src/public/fhir/codegen';
import { startFakeOpenAi } from '../helpers/fake-openai';

/**
 * `fhiriq generate` in-process (main(argv, io) with a fake io), with the real service and the
 * offline engine (the fake environment has no OPENAI_API_KEY): arguments, formats, languages,
 * base URL, exit codes, and what goes to stdout and stderr. One test gives the environment an
 * OpenAI key and a local stand-in for the API, to show the command takes its engine from there.
 */
const BP_PROMPT = 'blood pressure 120/80 for patient 42';
const GIBBERISH = 'qwzx plorf vbnm zzkq';

function fakeIo(env: NodeJS.ProcessEnv = {}) {
  const capture = () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (d: Buffer) => (text += d.toString('utf8')));
    return Object.assign(stream, { isTTY: false, columns: 100, text: () => text });
  };
  const stdin = Object.assign(Readable.from([]), { isTTY: true });
  const stdout = capture();
  const stderr = capture();
  const io = { stdin, stdout, stderr, env } as unknown as Parameters<typeof main>[1];
  return { io, stdout, stderr };
}

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const { io, stdout, stderr } = fakeIo(env);
  const code = await main(['node', 'fhiriq', ...args], io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe('fhiriq generate', () => {
  it('text: the resource as pretty JSON, the validation summary and the TypeScript snippet; exit 0', async () => {
    const r = await run(['generate', BP_PROMPT]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Observation, built by the offline engine\n/);
    expect(r.stdout).toContain('\n{\n  "resourceType": "Observation",\n');
    expect(r.stdout).toMatch(/\nValidation: valid FHIR R4 \(our scanner\): 0 errors, \d+ warnings?, \d+ information messages?\n/);
    expect(r.stdout).toContain(`TypeScript (fetch): POST to ${DEFAULT_BASE_URL}/Observation\n`);
    // The snippet shown is the generator's for the resource shown.
    const json = r.stdout.slice(r.stdout.indexOf('\n{\n') + 1, r.stdout.indexOf('\n}\n') + 2);
    const resource = JSON.parse(json);
    expect(resource.component).toHaveLength(2);
    expect(r.stdout).toContain(generateCode(resource, { languages: ['typescript'] }).typescript!.trimEnd());
  });

  it('several words without quotes make one prompt', async () => {
    const r = await run(['generate', 'blood', 'pressure', '120/80', 'for', 'patient', '42', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).resource.subject.reference).toBe('Patient/42');
  });

  it.each([
    ['py', 'Python (requests)', 'requests.post('],
    ['python', 'Python (requests)', 'requests.post('],
    ['curl', 'curl (bash)', '--data-binary @-'],
    ['java', 'Java (HAPI FHIR client)', 'FhirContext.forR4()'],
    ['cs', 'C# (Firely SDK)', 'new FhirJsonParser()'],
    ['csharp', 'C# (Firely SDK)', 'new FhirJsonParser()'],
    ['ts', 'TypeScript (fetch)', 'await fetch('],
  ])('--lang %s shows the %s snippet', async (lang, label, marker) => {
    const r = await run(['generate', BP_PROMPT, '--lang', lang]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${label}: POST to ${DEFAULT_BASE_URL}/Observation`);
    expect(r.stdout).toContain(marker);
  });

  it('--format json prints the endpoint object: resource, validation, all five snippets, engine, understood, notes', async () => {
    const r = await run(['generate', BP_PROMPT, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(['code', 'engine', 'notes', 'resource', 'understood', 'validation']);
    expect(out.engine).toBe('offline');
    expect(out.validation).toEqual({ valid: true, issues: expect.any(Array) });
    expect(out.code).toEqual(generateCode(out.resource));
    expect(Object.keys(out.code)).toEqual([...LANGUAGES]);
  });

  it('--format json --lang java: only that snippet; --base-url goes into the code', async () => {
    const r = await run(['generate', BP_PROMPT, '-f', 'json', '-l', 'java', '--base-url', 'http://localhost:8080/fhir']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out.code)).toEqual(['java']);
    expect(out.code.java).toContain('static final String BASE_URL = "http://localhost:8080/fhir";');
    const text = await run(['generate', BP_PROMPT, '--lang', 'curl', '--base-url', 'http://localhost:8080/fhir/']);
    expect(text.stdout).toContain('curl (bash): POST to http://localhost:8080/fhir/Observation');
    expect(text.stdout).toContain("BASE_URL='http://localhost:8080/fhir'");
  });

  it('takes its engine from the environment: OPENAI_API_KEY (+ OPENAI_BASE_URL) -> the OpenAI engine', async () => {
    const fake = await startFakeOpenAi();
    try {
      const patient = { resourceType: 'Patient', name: [{ family: 'Roe', given: ['Jane'] }], gender: 'female', birthDate: '1985-03-12' };
      fake.script({ json: patient });
      const r = await run(['generate', 'patient Jane Roe, female, born 1985-03-12', '--format', 'json'], { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseURL });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.engine).toBe('openai');
      expect(out.resource).toMatchObject(patient);
      expect(out.code).toEqual(generateCode(out.resource));
      expect(fake.requests).toHaveLength(1);
      expect(fake.requests[0]!.headers.authorization).toBe('Bearer sk-test');
    } finally {
      await fake.close();
    }
  });

  it('exit 1 when the request is not understood: what was understood and what is missing on stderr', async () => {
    const r = await run(['generate', GIBBERISH]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^fhiriq: .+\nUnderstood:\n[\s\S]*Missing:\n {2}- .+/);
    const json = await run(['generate', GIBBERISH, '--format', 'json']);
    expect(json.code).toBe(1);
    const body = JSON.parse(json.stdout);
    expect(body).toEqual({ error: { code: 'NOT_UNDERSTOOD', message: expect.any(String) }, understood: expect.any(Array), missing: expect.any(Array) });
    expect(body.missing.length).toBeGreaterThan(0);
    expect(json.stderr).toMatch(/Missing:/);
  });

  it.each([
    ['an empty prompt', ['generate', ''], /prompt is empty/],
    ['a whitespace prompt', ['generate', '   '], /prompt is empty/],
    ['a prompt over 2,000 characters', ['generate', 'x'.repeat(2001)], /at most 2000 characters/],
    ['a base URL that is not http(s)', ['generate', BP_PROMPT, '--base-url', 'javascript:alert(1)'], /baseUrl must be an http\(s\) URL/],
  ])('exit 2 for %s, nothing on stdout', async (_name, args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it.each([
    ['an unknown --lang', ['generate', BP_PROMPT, '--lang', 'ruby']],
    ['an unknown --format', ['generate', BP_PROMPT, '--format', 'yaml']],
    ['no prompt', ['generate']],
  ])('exit 2 for %s (commander says why)', async (_name, args) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error:/);
    expect(r.stdout).toBe('');
  });

  it('help: the program names the command, and generate --help lists its options and exit codes', async () => {
    const top = await run(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/build valid FHIR R4 resources/);
    expect(top.stdout).toMatch(/generate \[options\] <prompt\.\.\.>/);
    const help = await run(['generate', '--help']);
    expect(help.code).toBe(0);
    for (const option of ['--format', '--lang', '--base-url', 'Exit codes: 0 a valid resource was built, 1 the request was not understood']) {
      expect(help.stdout).toContain(option);
    }
  });
});
