/**
 * Local stand-in for Velo's `wix-location-frontend` (browser only): the parts page code uses.
 * On Wix, `path` is the URL path after the page's prefix for dynamic pages; here it is the whole
 * path split into segments, which page code treats the same way (it reads the last segment).
 */
const wixLocationFrontend = {
  get url(): string {
    return window.location.href;
  },
  get baseUrl(): string {
    return window.location.origin;
  },
  get path(): string[] {
    return window.location.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  },
  get query(): Record<string, string> {
    return Object.fromEntries(new URLSearchParams(window.location.search));
  },
  to(url: string): void {
    window.location.assign(url);
  },
};

export default wixLocationFrontend;
