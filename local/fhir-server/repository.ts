import { badRequest, gone, notFound, OperationOutcomeError, preconditionFailed, type SearchRequest, type WithId } from '@medplum/core';
import { MemoryRepository, type UpdateResourceOptions } from '@medplum/fhir-router';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { DEFAULT_SEARCH_FLAGS, executeSearch, pageOf, type SearchFlags, type SearchSource } from './search-engine';

/** One version in the server's history: a create, an update or a delete. */
interface VersionRecord {
  type: string;
  id: string;
  versionId: string;
  lastUpdated: string;
  method: 'POST' | 'PUT' | 'DELETE';
  /** HTTP status of the interaction that made it ("201", "200", "204"). */
  status: string;
  resource?: Resource;
}

export interface RepositoryOptions {
  /** Every update gets a new meta.versionId (a fault turns this off). */
  newVersionOnUpdate?: boolean;
  search?: Partial<SearchFlags>;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * Medplum's MemoryRepository with what an R4 server needs and it lacks: version ids "1", "2", ...
 * (Medplum's are random UUIDs: fine, but numbers are easier to read in test reports), deletions that
 * are remembered (a read of a deleted resource is 410 Gone, its versions can still be read), a
 * history with the delete entries, request and response of every version (also per type), and the
 * search engine of search-engine.ts. Storage of the current versions stays Medplum's.
 */
export class ReferenceRepository extends MemoryRepository implements SearchSource {
  baseUrl = '';
  readonly flags: SearchFlags;
  private readonly newVersionOnUpdate: boolean;
  private readonly log: VersionRecord[] = [];
  private readonly versions = new Map<string, number>();
  private readonly deleted = new Set<string>();
  private lastTime = 0;

  constructor(options: RepositoryOptions = {}) {
    super();
    this.flags = { ...DEFAULT_SEARCH_FLAGS, ...options.search };
    this.newVersionOnUpdate = options.newVersionOnUpdate ?? true;
  }

  /** A strictly increasing timestamp, so versions sort by meta.lastUpdated. */
  private now(): string {
    this.lastTime = Math.max(Date.now(), this.lastTime + 1);
    return new Date(this.lastTime).toISOString();
  }

  private async store<T extends Resource>(resource: T, method: 'POST' | 'PUT'): Promise<WithId<T>> {
    const copy = clone(resource) as T & { id?: string };
    copy.id ??= this.generateId();
    const key = `${copy.resourceType}/${copy.id}`;
    const previous = this.versions.get(key) ?? 0;
    const existed = previous > 0 && !this.deleted.has(key);
    const version = method === 'PUT' && existed && !this.newVersionOnUpdate ? previous : previous + 1;
    this.versions.set(key, version);
    const { resourceType, id, meta, ...rest } = copy;
    // resourceType, id and meta first, as servers usually write them.
    const stored = { resourceType, id, meta: { ...meta, versionId: String(version), lastUpdated: this.now() }, ...rest } as unknown as T & { id: string; meta: { lastUpdated: string } };
    this.deleted.delete(key);
    const saved = await super.createResource(stored);
    this.log.push({
      type: resourceType,
      id,
      versionId: String(version),
      lastUpdated: stored.meta.lastUpdated,
      method,
      status: existed ? '200' : '201',
      resource: clone(saved),
    });
    return saved as WithId<T>;
  }

  override async createResource<T extends Resource>(resource: T): Promise<WithId<T>> {
    return this.store(resource, 'POST');
  }

  override async updateResource<T extends Resource>(resource: T, options?: UpdateResourceOptions): Promise<WithId<T>> {
    if (!resource.id) throw new OperationOutcomeError(badRequest('Missing id'));
    if (options?.ifMatch !== undefined) {
      const current = await this.readResource(resource.resourceType, resource.id);
      if (current.meta?.versionId !== options.ifMatch) throw new OperationOutcomeError(preconditionFailed);
    }
    return this.store(resource, 'PUT');
  }

  override async readResource<T extends Resource>(resourceType: string, id: string): Promise<T> {
    if (this.deleted.has(`${resourceType}/${id}`)) throw new OperationOutcomeError(gone);
    return super.readResource<T>(resourceType, id);
  }

  /** Whether the resource exists now (not deleted). */
  async exists(resourceType: string, id: string): Promise<boolean> {
    return (await this.find(resourceType, id)) !== undefined;
  }

  /** Whether the resource ever existed (it may be deleted now). */
  known(type: string, id: string): boolean {
    return this.versions.has(`${type}/${id}`);
  }

  async find(type: string, id: string): Promise<Resource | undefined> {
    try {
      return await this.readResource(type, id);
    } catch {
      return undefined;
    }
  }

  async all(type: string): Promise<Resource[]> {
    const bundle = await super.search({ resourceType: type as Resource['resourceType'] });
    return (bundle.entry ?? []).map((e) => e.resource as Resource);
  }

  override async deleteResource(resourceType: string, id: string): Promise<void> {
    const key = `${resourceType}/${id}`;
    // Deleting a deleted resource "has no effect" and succeeds (http.html#delete).
    if (this.deleted.has(key)) return;
    await super.deleteResource(resourceType, id);
    const version = (this.versions.get(key) ?? 0) + 1;
    this.versions.set(key, version);
    this.deleted.add(key);
    this.log.push({ type: resourceType, id, versionId: String(version), lastUpdated: this.now(), method: 'DELETE', status: '204' });
  }

  override async readVersion<T extends Resource>(resourceType: string, id: string, versionId: string): Promise<T> {
    const record = this.log.filter((r) => r.type === resourceType && r.id === id && r.versionId === versionId).pop();
    if (!record) throw new OperationOutcomeError(notFound);
    if (!record.resource) throw new OperationOutcomeError(gone);
    return clone(record.resource) as T;
  }

  override async readHistory<T extends Resource>(resourceType: string, id: string, options?: { offset?: number; limit?: number }): Promise<Bundle<T>> {
    const records = this.log.filter((r) => r.type === resourceType && r.id === id);
    if (records.length === 0) throw new OperationOutcomeError(notFound);
    return this.historyBundle(records, options?.offset, options?.limit) as Bundle<T>;
  }

  /** GET [type]/_history: every version of every resource of the type, newest first. */
  typeHistory(resourceType: string, options?: { offset?: number; limit?: number }): Bundle {
    return this.historyBundle(this.log.filter((r) => r.type === resourceType), options?.offset, options?.limit);
  }

  private historyBundle(records: VersionRecord[], offset?: number, limit?: number): Bundle {
    const page = pageOf({ offset, count: limit });
    const entry: BundleEntry[] = [...records]
      .reverse()
      .slice(page.offset, page.offset + page.count)
      .map((r) => ({
        ...(r.resource ? { resource: clone(r.resource) } : {}),
        request: { method: r.method, url: r.method === 'POST' ? r.type : `${r.type}/${r.id}` },
        response: { status: r.status, etag: `W/"${r.versionId}"`, lastModified: r.lastUpdated },
      }));
    return { resourceType: 'Bundle', type: 'history', total: records.length, ...(entry.length ? { entry } : {}) };
  }

  override async search<T extends Resource>(searchRequest: SearchRequest<T>): Promise<Bundle<WithId<T>>> {
    return (await executeSearch(this, searchRequest as SearchRequest)) as Bundle<WithId<T>>;
  }
}
