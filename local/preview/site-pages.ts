/**
 * The site's pages as the Wix editor knows them: the URL, the page's name and the page id that
 * Wix puts in the page code file name (`src/pages/<name>.<pageId>.ts`). The preview server serves
 * each route with its template (local/preview/templates/<template>.html) and page code.
 */
export interface SitePage {
  name: string;
  pageId: string;
  /** Express-style route; `:slug` marks a dynamic item page. */
  route: string;
  template: string;
  /** Shown in the navigation bar when set. */
  nav?: string;
}

export const SITE_PAGES: readonly SitePage[] = [
  { name: 'Home', pageId: 'c1dmp', route: '/', template: 'home', nav: 'Home' },
  { name: 'About', pageId: 'x7k2p', route: '/about', template: 'about', nav: 'About' },
  { name: 'Services', pageId: 'q4n8v', route: '/services', template: 'services', nav: 'Services' },
  { name: 'FHIR Builder AI', pageId: 'b5r1t', route: '/fhir-builder', template: 'fhir-builder' },
  { name: 'Data Quality Scanner', pageId: 's8d2q', route: '/data-quality-scanner', template: 'data-quality-scanner' },
  { name: 'API Testing Suite', pageId: 't6a4z', route: '/api-testing-suite', template: 'api-testing-suite' },
  { name: 'Pricing', pageId: 'p2w7h', route: '/pricing', template: 'pricing', nav: 'Pricing' },
  { name: 'Blog', pageId: 'g9l3e', route: '/blog', template: 'blog', nav: 'Blog' },
  { name: 'BlogPosts (Item)', pageId: 'd4y6k', route: '/blog/:slug', template: 'blog-post' },
  { name: 'Podcast', pageId: 'e1v5u', route: '/podcast', template: 'podcast', nav: 'Podcast' },
  { name: 'Case Studies', pageId: 'k8s2c', route: '/case-studies', template: 'case-studies', nav: 'Case Studies' },
  { name: 'Documentation', pageId: 'n3o7f', route: '/docs', template: 'docs', nav: 'Docs' },
  { name: 'Shop', pageId: 'h5j1s', route: '/shop', template: 'shop', nav: 'Shop' },
  { name: 'Cart', pageId: 'r2z8y', route: '/cart', template: 'cart' },
  { name: 'Checkout', pageId: 'u7i4w', route: '/checkout', template: 'checkout' },
  { name: 'Account', pageId: 'a9f6m', route: '/account', template: 'account' },
  { name: 'Contact', pageId: 'm3c9d', route: '/contact', template: 'contact', nav: 'Contact' },
];

/** The page code file for a page, relative to src/pages. */
export function pageFile(page: SitePage): string {
  return `${page.name}.${page.pageId}.ts`;
}
