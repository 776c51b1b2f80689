/**
 * Hosts whose pages get the content script from the manifest. Company domains are added at run
 * time (optional permissions), never here, so the manifest asks for no broad host permission.
 */
export const contentHostPatterns = [
  '*://*.wikipedia.org/*',
  '*://*.wikimedia.org/*',
  '*://*.mediawiki.org/*',
];
