import { describe, expect, it } from 'vitest';
import { isBuiltInHost } from '../../../sites/hosts';

describe('built-in hosts', () => {
  it('covers the sites of the manifest and nothing else', () => {
    for (const url of [
      'https://en.wikipedia.org/wiki/Talk:Cake',
      'http://commons.wikimedia.org/wiki/Main_Page',
      'https://www.mediawiki.org/wiki/Talk:Foo?action=edit',
      'https://engage.cloud.microsoft/main/threads/x',
      'https://web.yammer.com/main/feed',
      'https://www.linkedin.com/feed/',
      'https://acme.atlassian.net/wiki/spaces/X/pages/1',
      'https://github.com/o/r/discussions/1',
    ]) expect(isBuiltInHost(new URL(url)), url).toBe(true);
    for (const url of [
      'https://wiki.corp.example/wiki/Talk:Cake',
      'http://web.yammer.com/main/feed',
      'https://linkedin.com/feed/',
      'https://evil-wikipedia.org/wiki/Talk:Cake',
      'https://wikipedia.org.evil.example/wiki/Talk:Cake',
      'ftp://en.wikipedia.org/x',
      'https://gist.github.com/o/1',
    ]) expect(isBuiltInHost(new URL(url)), url).toBe(false);
  });
});
