// The dashboard's table: short lists drawn whole; long lists drawn around what is in view, with
// spacers for the rest, each row's place told to screen readers, and new windows asked for.
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnnotationTable, drawnRange, nextWindow, TABLE_WINDOW } from '../../../components/AnnotationTable';
import { shownRow, dashboardRow, type DashboardRow } from '../../../lib/dashboard-rows';
import { annotate, ref } from '../storage/exchange/sample';

const NOW = Date.UTC(2026, 5, 15, 12);
const rowsFrom = (from: number, count: number): DashboardRow[] =>
  Array.from({ length: count }, (_, i) => shownRow(dashboardRow(annotate(ref(from + i), [{ kind: 'setMaturity', maturity: 50 }]))));

let root: HTMLElement;
afterEach(() => {
  render(null, root);
  root.remove();
});
const settle = () => new Promise((r) => setTimeout(r, 20));

function mount(rows: DashboardRow[], offset: number, shown: number) {
  root = document.createElement('div');
  document.body.append(root);
  const onWindow = vi.fn();
  render(
    <AnnotationTable rows={rows} offset={offset} shown={shown} sort={{ key: 'updated', dir: 'desc' }} onSort={() => undefined} now={NOW} onWindow={onWindow} viewKey="" />,
    root,
  );
  return onWindow;
}

describe('the annotation table', () => {
  it('draws a short list whole, without row positions', async () => {
    mount(rowsFrom(0, 12), 0, 12);
    await settle();
    const table = root.querySelector('table')!;
    expect(table.getAttribute('aria-rowcount')).toBeNull();
    expect(root.querySelectorAll('tbody tr[data-key]')).toHaveLength(12);
    expect(root.querySelector('tr.spacer')).toBeNull();
    expect(root.querySelector('.table-wrap')!.getAttribute('role')).toBeNull();
  });

  it('draws a long list around the view, telling each row its place in the whole list', async () => {
    const shown = 5000;
    mount(rowsFrom(0, TABLE_WINDOW), 0, shown);
    await settle();
    const table = root.querySelector('table')!;
    expect(table.getAttribute('aria-rowcount')).toBe(String(shown + 1));
    const drawn = [...root.querySelectorAll<HTMLElement>('tbody tr[data-key]')];
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.length).toBeLessThan(60);
    expect(drawn.map((r) => r.dataset.key)).toEqual(rowsFrom(0, drawn.length).map((r) => r.threadKey));
    expect(drawn.map((r) => r.getAttribute('aria-rowindex'))).toEqual(drawn.map((_, i) => String(i + 2)));
    // The rest of the list is a spacer row, hidden from screen readers.
    const spacers = root.querySelectorAll('tr.spacer');
    expect(spacers).toHaveLength(1);
    expect(spacers[0].getAttribute('aria-hidden')).toBe('true');
    expect(root.querySelector('.table-wrap')!.getAttribute('role')).toBe('region');
  });

  it('draws held rows from a window in the middle, behind a spacer for the rows above', async () => {
    // The view is at the top (no layout here), the held window starts at 1,000: nothing to draw
    // yet, and a window at the top is asked for.
    const onWindow = mount(rowsFrom(1000, TABLE_WINDOW), 1000, 5000);
    await settle();
    expect(root.querySelectorAll('tbody tr[data-key]')).toHaveLength(0);
    expect(onWindow).toHaveBeenCalledWith(0);
  });
});

describe('which rows a long list draws and holds', () => {
  it('draws those in view and a few on either side, within the list', () => {
    expect(drawnRange(0, 20, 5000)).toEqual({ from: 0, to: 32 });
    expect(drawnRange(100, 20, 5000)).toEqual({ from: 88, to: 132 });
    expect(drawnRange(4990, 20, 5000)).toEqual({ from: 4978, to: 5000 });
  });

  it('asks for another window only when what is drawn nears the edge of the held one', () => {
    expect(nextWindow(0, 32, 0, 200, 5000)).toBeNull();
    expect(nextWindow(100, 140, 0, 200, 5000)).toBeNull();
    // Near the bottom of the held rows: a window centred on the drawn ones.
    expect(nextWindow(150, 194, 0, 200, 5000)).toBe(150 - Math.floor((200 - 44) / 2));
    // Far away (the scrollbar dragged): centred there.
    expect(nextWindow(3000, 3044, 0, 200, 5000)).toBe(3000 - 78);
    // At the end of the list nothing more is needed; near the top of a later window, it is.
    expect(nextWindow(4960, 5000, 4800, 200, 5000)).toBeNull();
    expect(nextWindow(4810, 4850, 4800, 200, 5000)).toBe(4810 - 80);
    expect(nextWindow(0, 32, 0, 12, 12)).toBeNull();
  });
});

describe('a stored time that Date cannot represent (issue 20, item 2)', () => {
  it('costs one row its date, not the table its rows', async () => {
    const rows = rowsFrom(0, 8);
    rows[3] = { ...rows[3], updatedAt: 8_640_000_000_000_001 };
    rows[5] = { ...rows[5], updatedAt: -8_640_000_000_000_001 };
    mount(rows, 0, 8);
    await settle();
    const drawn = [...root.querySelectorAll<HTMLElement>('tbody tr[data-key]')];
    expect(drawn.map((r) => r.dataset.key)).toEqual(rows.map((r) => r.threadKey));
    expect(drawn[3].querySelector('time')!.hasAttribute('datetime')).toBe(false);
    expect(drawn[3].querySelector('time')!.textContent).toBe('?');
    expect(drawn[0].querySelector('time')!.getAttribute('datetime')).toBe(new Date(rows[0].updatedAt).toISOString());
  });
});

describe('the history trend with a time Date cannot represent', () => {
  it('lists every change, the bad one without its date', async () => {
    const { HistoryTrend } = await import('../../../components/HistoryTrend');
    root = document.createElement('div');
    document.body.append(root);
    const history = [
      { at: NOW, from: null, to: 40, by: 'Ada' },
      { at: 8_640_000_000_000_001, from: 40, to: 60, by: 'Eve' },
      { at: NOW + 1000, from: 60, to: 70, by: 'Ada' },
    ];
    render(<HistoryTrend history={history} />, root);
    await settle();
    const items = [...root.querySelectorAll('.history-list li')];
    expect(items).toHaveLength(3);
    expect(items[1].textContent).toContain('Eve');
    expect(items[1].querySelector('time')!.hasAttribute('datetime')).toBe(false);
    expect(items[0].querySelector('time')!.getAttribute('datetime')).toBe(new Date(NOW + 1000).toISOString());
  });
});
