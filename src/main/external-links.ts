/**
 * The only places a link from the app may open outside it: Python's own documentation, which the
 * lessons cite (threading, multiprocessing, PEP 703). Every other URL stays closed, so a page that
 * managed to call window.open could not send the user's browser anywhere else.
 */
export const DOCUMENTATION_HOSTS: readonly string[] = ['docs.python.org', 'peps.python.org'];

/**
 * The URL to hand to the system browser, or null when it is not a plain https link to a listed
 * host. The parsed form is returned so the string that was checked is the string that opens.
 */
export function documentationUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return null;
  return DOCUMENTATION_HOSTS.includes(url.hostname) ? url.href : null;
}
