/**
 * The W3C Web Annotation selectors a picked discussion is stored with
 * (https://www.w3.org/TR/annotation-model/#selectors): a quote of the block's first words with
 * the text around it, that quote's position in the page text, and a CSS path to the block. Plain
 * types and a hand-written check, because the content script is kept free of zod; storage checks
 * the same shapes with zod (storage/schema.ts `PickTarget`) and the same limits.
 */
import { PICK_LIMITS } from '../../storage/limits';

/** The block's first words (`exact`) and the page text just before and after them. */
export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix?: string;
  suffix?: string;
}

/** Where `exact` started and ended in the page's collapsed text when it was picked. */
export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

/** A CSS path to the block, built from stable tag names, ids and classes only. */
export interface CssSelector {
  type: 'CssSelector';
  value: string;
}

/** One selector of a picked discussion's target. */
export type AnchorSelector = TextQuoteSelector | TextPositionSelector | CssSelector;

/** Sizes the selectors are kept within (a stored target is never larger): storage's limits. */
export const SELECTOR_LIMITS = PICK_LIMITS;

/** The answer of `parseSelectors`: the selectors, or why they are refused. */
export type ParsedSelectors = { ok: true; value: AnchorSelector[] } | { ok: false; error: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isOffset = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= SELECTOR_LIMITS.offset;

function checkOne(v: unknown, at: string): AnchorSelector | string {
  if (!isObject(v)) return `${at}: not an object`;
  const text = (name: string, max: number, required: boolean): string | undefined | null => {
    const value = v[name];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string') return null;
    return value.length <= max ? value : null;
  };
  switch (v.type) {
    case 'TextQuoteSelector': {
      const exact = text('exact', SELECTOR_LIMITS.exact, true);
      if (!exact || exact.trim() === '') return `${at}.exact: a non-empty string of at most ${SELECTOR_LIMITS.exact} characters`;
      const prefix = text('prefix', SELECTOR_LIMITS.context, false);
      if (prefix === null) return `${at}.prefix: a string of at most ${SELECTOR_LIMITS.context} characters`;
      const suffix = text('suffix', SELECTOR_LIMITS.context, false);
      if (suffix === null) return `${at}.suffix: a string of at most ${SELECTOR_LIMITS.context} characters`;
      return { type: 'TextQuoteSelector', exact, ...(prefix !== undefined ? { prefix } : {}), ...(suffix !== undefined ? { suffix } : {}) };
    }
    case 'TextPositionSelector': {
      if (!isOffset(v.start) || !isOffset(v.end) || v.end < v.start) return `${at}: start and end must be whole numbers with 0 <= start <= end`;
      return { type: 'TextPositionSelector', start: v.start, end: v.end };
    }
    case 'CssSelector': {
      const value = text('value', SELECTOR_LIMITS.css, true);
      if (!value || value.trim() === '') return `${at}.value: a non-empty string of at most ${SELECTOR_LIMITS.css} characters`;
      return { type: 'CssSelector', value };
    }
    default:
      return `${at}.type: expected TextQuoteSelector, TextPositionSelector or CssSelector`;
  }
}

/**
 * Checks selectors read from outside (a file, a message, storage): a list of them, or a W3C
 * target `{selector: [...]}`, or an annotation `{target: {selector: [...]}}`. A quote is required;
 * each type at most once.
 */
export function parseSelectors(input: unknown): ParsedSelectors {
  let list: unknown = input;
  if (isObject(list) && isObject(list.target)) list = list.target;
  if (isObject(list) && 'selector' in list) list = list.selector;
  if (!Array.isArray(list)) return { ok: false, error: 'expected a list of selectors, {"selector": [...]} or {"target": {"selector": [...]}}' };
  if (list.length === 0 || list.length > SELECTOR_LIMITS.count) return { ok: false, error: `expected 1 to ${SELECTOR_LIMITS.count} selectors, got ${list.length}` };
  const out: AnchorSelector[] = [];
  for (let i = 0; i < list.length; i++) {
    const one = checkOne(list[i], `selector[${i}]`);
    if (typeof one === 'string') return { ok: false, error: one };
    if (out.some((s) => s.type === one.type)) return { ok: false, error: `selector[${i}]: a second ${one.type}` };
    out.push(one);
  }
  if (!out.some((s) => s.type === 'TextQuoteSelector')) return { ok: false, error: 'a TextQuoteSelector is required' };
  return { ok: true, value: out };
}

/** The selector of one type in a list, if there is one. */
export function selectorOf<T extends AnchorSelector['type']>(list: readonly AnchorSelector[], type: T): Extract<AnchorSelector, { type: T }> | undefined {
  return list.find((s) => s.type === type) as Extract<AnchorSelector, { type: T }> | undefined;
}
