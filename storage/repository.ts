/**
 * The repository: every read and write of annotations and settings goes through here, so the
 * background and extension pages never touch Dexie tables directly and every write is validated.
 */
import { DonenessDb } from './db';
import { applyEdit, emptyAnnotation, type EditContext, type EditOp } from './model';
import {
  Annotation,
  DEFAULT_SETTINGS,
  Settings,
  type HistoryEntry,
  type ThreadRef,
} from './schema';

/** Reads and writes annotations and settings in one database. */
export class Repository {
  constructor(readonly db: DonenessDb) {}

  /** The annotations of many threads at once (one IndexedDB round trip); missing keys are absent. */
  async getMany(keys: readonly string[]): Promise<Map<string, Annotation>> {
    const rows = await this.db.annotations.bulkGet([...keys]);
    const found = new Map<string, Annotation>();
    rows.forEach((row, i) => {
      if (row) found.set(keys[i], row);
    });
    return found;
  }

  /** One annotation, or undefined. */
  get(key: string): Promise<Annotation | undefined> {
    return this.db.annotations.get(key);
  }

  /** Stores a whole annotation after validating it. */
  async put(annotation: Annotation): Promise<void> {
    await this.db.annotations.put(Annotation.parse(annotation));
  }

  /** Every annotation, most recently updated first. */
  async list(): Promise<Annotation[]> {
    return (await this.db.annotations.orderBy('updatedAt').reverse().toArray());
  }

  /** Deletes one annotation. */
  async remove(key: string): Promise<void> {
    await this.db.annotations.delete(key);
  }

  /** Maturity history of one thread, oldest first. */
  async history(key: string): Promise<HistoryEntry[]> {
    return (await this.get(key))?.history ?? [];
  }

  /**
   * Applies an edit to a thread's annotation in one read-write transaction, so concurrent edits
   * from several windows never overwrite each other. Creates the annotation on first edit and
   * refreshes its title and permalink from the page.
   */
  async edit(ref: ThreadRef, op: EditOp, ctx: EditContext): Promise<Annotation> {
    return this.db.transaction('rw', this.db.annotations, async () => {
      const current = (await this.db.annotations.get(ref.key)) ?? emptyAnnotation(ref, ctx.now);
      const refreshed = { ...current, title: ref.title || current.title, url: ref.url || current.url };
      const next = applyEdit(refreshed, op, ctx);
      await this.db.annotations.put(next);
      return next;
    });
  }

  /** The settings, with defaults for anything unset or unreadable. */
  async settings(): Promise<Settings> {
    const row = await this.db.settings.get('settings');
    const parsed = Settings.safeParse({ ...DEFAULT_SETTINGS, ...(row?.value as object | undefined) });
    return parsed.success ? parsed.data : DEFAULT_SETTINGS;
  }

  /** Stores settings after validating them. */
  async saveSettings(settings: Settings): Promise<Settings> {
    const valid = Settings.parse(settings);
    await this.db.settings.put({ key: 'settings', value: valid });
    return valid;
  }
}
