/**
 * On/off switches whose stored state arrives late: each shows what the person set from the click
 * on, until the stored state says the same (or the write fails, when it shows the stored state
 * again). Without this a switch is controlled by a value that still holds the old state while the
 * write is under way, and any render in that time (another query answering) flips it back.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

interface Pending {
  on: boolean;
  /** Which click set it: a later click on the same switch owns the entry. */
  click: number;
  /** The write has finished; the entry goes once the stored state agrees. */
  written: boolean;
}

export interface Switches<K> {
  /** What the switch for `key` shows: the person's last setting until stored, else the stored state (off when none). */
  shown(key: K): boolean;
  /** Sets the switch to `on` at once and writes it; the promise is the write's. */
  set(key: K, on: boolean, write: () => Promise<unknown>): Promise<void>;
}

/** `stored(key)` reads the stored state of a key; undefined when there is none (not loaded, or gone). */
export function useSwitches<K>(stored: (key: K) => boolean | undefined): Switches<K> {
  const [pending, setPending] = useState<ReadonlyMap<K, Pending>>(new Map());
  const clicks = useRef(0);
  /** Changes a copy of the entries; `change` answering false keeps them as they are (no render). */
  const update = (change: (next: Map<K, Pending>) => unknown) =>
    setPending((previous) => {
      const next = new Map(previous);
      return change(next) === false ? previous : next;
    });
  // A finished write's entry goes once the stored state shows it, or the key is gone (a domain
  // revoked): a domain enabled again later shows what is stored then.
  useEffect(() => {
    const done = [...pending].filter(([key, p]) => p.written && (stored(key) ?? p.on) === p.on);
    if (done.length) update((next) => done.map(([key, p]) => next.get(key) === p && next.delete(key)).includes(true));
  });
  return {
    shown: (key) => pending.get(key)?.on ?? stored(key) ?? false,
    async set(key, on, write) {
      const click = ++clicks.current;
      const mine = (next: Map<K, Pending>) => next.get(key)?.click === click;
      update((next) => next.set(key, { on, click, written: false }));
      try {
        await write();
        update((next) => mine(next) && next.set(key, { on, click, written: true }));
      } catch (error) {
        update((next) => mine(next) && next.delete(key));
        throw error;
      }
    },
  };
}
