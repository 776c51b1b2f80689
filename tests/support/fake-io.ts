/**
 * An IntersectionObserver a test drives (happy-dom has none that reports): `FakeIO.near(els)`
 * reports those of each observer's targets as near. `FakeIO.all` holds every observer made.
 */
export class FakeIO {
  static all: FakeIO[] = [];
  observed = new Set<Element>();
  constructor(private readonly callback: (records: { target: Element; isIntersecting: boolean }[]) => void) {
    FakeIO.all.push(this);
  }
  observe(el: Element) {
    this.observed.add(el);
  }
  unobserve(el: Element) {
    this.observed.delete(el);
  }
  disconnect() {
    this.observed.clear();
  }
  static near(els: Element[]) {
    for (const io of FakeIO.all) {
      const records = els.filter((el) => io.observed.has(el)).map((target) => ({ target, isIntersecting: true }));
      if (records.length) io.callback(records);
    }
  }
}
