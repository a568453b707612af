import { fetchJson, startTestSite } from '../helpers/local-site';

// Data lives in SQLite under the data directory: it survives a restart, and seeding runs once.
describe('a restart on the same data directory', () => {
  it('keeps the data, and does not seed twice', async () => {
    const first = await startTestSite();
    const { dataDir } = first;
    const saved = await first.ports.data.insert('ContactSubmissions', {
      name: 'Persistent Person',
      email: 'persist@example.com',
      message: 'Still here after a restart?',
      consent: true,
      status: 'new',
      submittedAt: new Date(),
    });
    const seededCounts = (await fetchJson(`${first.url}/_local/collections/Products?limit=0`)).body.totalCount;
    expect(seededCounts).toBeGreaterThan(0);
    await first.close({ keepData: true });

    const second = await startTestSite({ dataDir });
    try {
      const res = await fetchJson(`${second.url}/_local/collections/ContactSubmissions`);
      expect(res.body.items.map((i: { _id: string }) => i._id)).toContain(saved._id);
      expect((await second.ports.data.get('ContactSubmissions', saved._id))?.name).toBe('Persistent Person');
      expect((await fetchJson(`${second.url}/_local/collections/Products?limit=0`)).body.totalCount).toBe(seededCounts);
    } finally {
      await second.close();
    }
  });
});
