/**
 * An IntersectionObserver a test drives (happy-dom has none that reports): `FakeIO.near(els)`
 * reports those of each observer's targets as near, and they stay near: as a real observer does
 * with its first report of a target, one observed later reports it in the next task.
 * `FakeIO.all` holds every observer made.
 */
export class FakeIO {
  static all: FakeIO[] = [];
  /** Elements reported near so far (they never leave: no test scrolls them away again). */
  private static nearNow = new WeakSet<Element>();
  observed = new Set<Element>();
  /** Observed since the last report and already near: reported together in the next task. */
  private pending = new Set<Element>();
  constructor(private readonly callback: (records: { target: Element; isIntersecting: boolean }[]) => void) {
    FakeIO.all.push(this);
  }
  observe(el: Element) {
    this.observed.add(el);
    if (!FakeIO.nearNow.has(el)) return;
    if (this.pending.size === 0) {
      setTimeout(() => {
        const records = [...this.pending].filter((t) => this.observed.has(t)).map((target) => ({ target, isIntersecting: true }));
        this.pending.clear();
        if (records.length) this.callback(records);
      }, 0);
    }
    this.pending.add(el);
  }
  unobserve(el: Element) {
    this.observed.delete(el);
  }
  disconnect() {
    this.observed.clear();
  }
  static near(els: Element[]) {
    for (const el of els) FakeIO.nearNow.add(el);
    for (const io of FakeIO.all) {
      const records = els.filter((el) => io.observed.has(el)).map((target) => ({ target, isIntersecting: true }));
      if (records.length) io.callback(records);
    }
  }
}
