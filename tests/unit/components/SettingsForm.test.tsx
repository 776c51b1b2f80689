/**
 * A display name typed while the dashboard still loads its settings is neither emptied nor lost
 * (issue 21, item 6): it stays in the field when the settings arrive and is saved on top of them.
 */
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsForm } from '../../../components/SettingsForm';
import { DEFAULT_SETTINGS, type Settings } from '../../../storage/schema';

describe('SettingsForm', () => {
  let root: HTMLElement;
  afterEach(() => {
    render(null, root);
    root.remove();
  });

  it('keeps and saves a display name typed before the settings have loaded', async () => {
    root = document.createElement('div');
    document.body.append(root);
    const saved: Settings[] = [];
    const save = async (next: Settings) => void saved.push(next);
    render(<SettingsForm stored={undefined} save={save} />, root);
    const input = root.querySelector<HTMLInputElement>('#display-name')!;
    input.value = 'Ada';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
    // The settings load after the person typed (and still say no name).
    const loaded: Settings = { ...DEFAULT_SETTINGS, unassessedBadge: 'hidden', memberId: 'm-1' };
    render(<SettingsForm stored={loaded} save={save} />, root);
    await expect.poll(() => saved.at(-1)).toEqual({ ...loaded, displayName: 'Ada' });
    expect(root.querySelector<HTMLInputElement>('#display-name')!.value).toBe('Ada');
    // Once the stored settings hold it, later loads show the stored value as usual.
    render(<SettingsForm stored={{ ...loaded, displayName: 'Ada' }} save={save} />, root);
    render(<SettingsForm stored={{ ...loaded, displayName: 'Ada L.' }} save={save} />, root);
    await expect.poll(() => root.querySelector<HTMLInputElement>('#display-name')!.value).toBe('Ada L.');
  });

  it('keeps what is being typed (not yet committed) when the settings arrive', async () => {
    root = document.createElement('div');
    document.body.append(root);
    render(<SettingsForm stored={undefined} save={async () => undefined} />, root);
    const input = root.querySelector<HTMLInputElement>('#display-name')!;
    input.value = 'Bo';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    render(<SettingsForm stored={{ ...DEFAULT_SETTINGS, memberId: 'm-2' }} save={async () => undefined} />, root);
    await new Promise((r) => setTimeout(r, 0));
    expect(root.querySelector<HTMLInputElement>('#display-name')!.value).toBe('Bo');
  });
});
