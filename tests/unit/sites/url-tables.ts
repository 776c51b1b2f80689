/** Every site's URL table, found by file name: `sites/<site>.urls.ts` exporting a UrlTable. */
import type { UrlTable } from '../../../sites/url-examples';

const modules = import.meta.glob('../../../sites/*.urls.ts', { eager: true }) as Record<string, Record<string, unknown>>;

/** The URL tables of all sites. */
export const urlTables: UrlTable[] = Object.values(modules).flatMap((m) =>
  Object.values(m).filter(
    (v): v is UrlTable => typeof v === 'object' && v !== null && 'site' in v && Array.isArray((v as UrlTable).examples),
  ),
);
