import { Permissions, webMethod } from '@wix/web-methods';
import { z } from 'zod';
import { ports } from './platform';
import * as content from './services/content';
import { parseArgs, slugSchema } from './web-args';

/** Public, read-only content for page code. Thin: check arguments, call the content service. */

export const listTools = webMethod(Permissions.Anyone, async () => content.listTools(ports().data));

export const getTool = webMethod(Permissions.Anyone, async (slug: string) =>
  content.getTool(ports().data, parseArgs('getTool', slugSchema, slug)),
);

const listProductsArgs = z.object({ toolSlug: slugSchema.optional() }).strict().optional();

export const listProducts = webMethod(Permissions.Anyone, async (options?: { toolSlug?: string }) =>
  content.listProducts(ports().data, parseArgs('listProducts', listProductsArgs, options) ?? {}),
);

const listBlogPostsArgs = z
  .object({
    limit: z.number().int().min(1).max(content.BLOG_PAGE_MAX).optional(),
    skip: z.number().int().min(0).max(100_000).optional(),
    tag: z.string().trim().min(1).max(60).optional(),
  })
  .strict()
  .optional();

export const listBlogPosts = webMethod(
  Permissions.Anyone,
  async (options?: { limit?: number; skip?: number; tag?: string }) =>
    content.listBlogPosts(ports().data, parseArgs('listBlogPosts', listBlogPostsArgs, options) ?? {}),
);

export const listBlogTags = webMethod(Permissions.Anyone, async () => content.listBlogTags(ports().data));

export const getBlogPost = webMethod(Permissions.Anyone, async (slug: string) =>
  content.getBlogPost(ports().data, parseArgs('getBlogPost', slugSchema, slug)),
);

export const listEpisodes = webMethod(Permissions.Anyone, async () => content.listEpisodes(ports().data));

export const listCaseStudies = webMethod(Permissions.Anyone, async () => content.listCaseStudies(ports().data));

export const listDocs = webMethod(Permissions.Anyone, async () => content.listDocs(ports().data));

export const getDoc = webMethod(Permissions.Anyone, async (slug: string) =>
  content.getDoc(ports().data, parseArgs('getDoc', slugSchema, slug)),
);
