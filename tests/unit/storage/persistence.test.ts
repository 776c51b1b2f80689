// Storage persistence: an extension page that opens the database asks the browser once to keep
// it under storage pressure (navigator.storage.persist, which the service worker lacks), and a
// refusal or a missing API never breaks the page.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { requestPersistence } from '../../../storage/db';

let persist: ReturnType<typeof vi.fn<() => Promise<boolean>>>;
let persisted: ReturnType<typeof vi.fn<() => Promise<boolean>>>;

function storageApi(value: unknown) {
  Object.defineProperty(navigator, 'storage', { value, configurable: true });
}

beforeEach(() => {
  persist = vi.fn(async () => true);
  persisted = vi.fn(async () => false);
  storageApi({ persist, persisted, estimate: async () => ({ usage: 1, quota: 2 }) });
});
afterEach(() => {
  Reflect.deleteProperty(navigator, 'storage');
});

describe('storage persistence', () => {
  it('is asked for once when an extension page first opens the database', async () => {
    vi.resetModules();
    const ui = await import('../../../services/pages/ui');
    ui.repository();
    ui.repository();
    await vi.waitFor(() => expect(persist).toHaveBeenCalledTimes(1));
    expect(persisted).toHaveBeenCalled();
  });

  it('answers whether the browser keeps the data, asking only when it does not yet', async () => {
    expect(await requestPersistence()).toBe(true);
    expect(persist).toHaveBeenCalledTimes(1);
    persisted.mockResolvedValue(true);
    expect(await requestPersistence()).toBe(true);
    expect(persist).toHaveBeenCalledTimes(1);
    persisted.mockResolvedValue(false);
    persist.mockResolvedValue(false);
    expect(await requestPersistence()).toBe(false);
  });

  it('answers false, without throwing, where the API is missing or fails', async () => {
    storageApi(undefined);
    expect(await requestPersistence()).toBe(false);
    storageApi({ persisted: async () => false, persist: async () => Promise.reject(new Error('denied')) });
    expect(await requestPersistence()).toBe(false);
  });
});
