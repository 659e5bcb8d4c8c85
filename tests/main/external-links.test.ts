import { describe, expect, it } from 'vitest';
import { DOCUMENTATION_HOSTS, documentationUrl } from '../../src/main/external-links';

describe('documentation links the app may open outside itself', () => {
  it.each([
    'https://docs.python.org/3/library/threading.html',
    'https://docs.python.org/3/library/multiprocessing.html#module-multiprocessing',
    'https://peps.python.org/pep-0703/',
    'https://DOCS.python.org/3/',
  ])('opens %s', (url) => {
    expect(documentationUrl(url)).toBe(new URL(url).href);
  });

  it.each([
    ['another host', 'https://example.com/'],
    ['a lookalike host', 'https://docs.python.org.evil.com/3/'],
    ['a lookalike subdomain', 'https://evil-docs.python.org/'],
    ['a parent domain', 'https://python.org/'],
    ['a trailing-dot host', 'https://docs.python.org./3/'],
    ['userinfo before the host', 'https://docs.python.org@evil.com/'],
    ['userinfo on a listed host', 'https://user:pass@docs.python.org/3/'],
    ['a non-default port', 'https://docs.python.org:8443/3/'],
    ['plain http', 'http://docs.python.org/3/'],
    ['javascript:', 'javascript:alert(document.domain)'],
    ['file:', 'file:///etc/passwd'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['a protocol-relative URL', '//docs.python.org/3/'],
    ['a backslash trick', 'https://evil.com\\@docs.python.org/'],
    ['text that is not a URL', 'docs.python.org'],
    ['an empty string', ''],
  ])('denies %s', (_what, url) => {
    expect(documentationUrl(url)).toBeNull();
  });

  it('returns the parsed URL, so what was checked is what opens', () => {
    expect(documentationUrl('https://docs.python.org/3/../3/library/')).toBe('https://docs.python.org/3/library/');
  });

  it('lists only https documentation hosts by name', () => {
    for (const host of DOCUMENTATION_HOSTS) expect(host).toMatch(/^[a-z0-9.-]+\.[a-z]+$/);
  });
});
