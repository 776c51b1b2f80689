/**
 * Counted strings take the plural form the language's rules pick (Intl.PluralRules), in English
 * and in German: the phrases of issue 18 ("Maturity over 1 changes", "0 of 1 issues resolved",
 * "the 1 discussions shown", "1 open issues") and every message that has plural forms.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { describeBadge } from '../../../components/Badge';
import { setFallbackCatalogue, t, tn } from '../../../lib/i18n';
import de from '../../../public/_locales/de/messages.json';
import en from '../../../public/_locales/en/messages.json';

const state = (openIssues: number) => ({
  maturity: 60,
  openIssues,
  totalIssues: openIssues,
  due: false,
  assessedActivity: null,
});

afterEach(() => setFallbackCatalogue(en));

describe('plural forms', () => {
  it('English: one and other', () => {
    setFallbackCatalogue(en, 'en');
    expect(tn('historySummary', 1, 1, '40%')).toBe('Maturity after 1 change: 40%');
    expect(tn('historySummary', 3, 3, '40%')).toBe('Maturity over 3 changes: 40%');
    expect(tn('suggestIssues', 1, 0, 1)).toBe('0 of 1 issue resolved');
    expect(tn('suggestIssues', 2, 0, 2)).toBe('0 of 2 issues resolved');
    expect(tn('chartByBand', 1)).toBe('Maturity of the 1 discussion shown');
    expect(tn('chartByBand', 0)).toBe('Maturity of the 0 discussions shown');
    expect(describeBadge(state(1))).toContain('· 1 open issue');
    expect(describeBadge(state(1))).not.toContain('issues');
    expect(describeBadge(state(2))).toContain('· 2 open issues');
    expect(tn('popupFound', 1)).toBe('1 discussion on this page');
  });

  it('German: one and other', () => {
    setFallbackCatalogue(de, 'de');
    expect(tn('historySummary', 1, 1, '40 %')).toBe('Reifegrad nach 1 Änderung: 40 %');
    expect(tn('historySummary', 5, 5, '40 %')).toBe('Reifegrad über 5 Änderungen: 40 %');
    expect(tn('suggestIssues', 1, 0, 1)).toBe('0 von 1 Punkt erledigt');
    expect(tn('suggestIssues', 3, 1, 3)).toBe('1 von 3 Punkten erledigt');
    expect(tn('chartByBand', 1)).toBe('Reifegrad der 1 angezeigten Diskussion');
    expect(describeBadge(state(1))).toContain('1 offener Punkt');
    expect(describeBadge(state(0))).toContain('0 offene Punkte');
    expect(t('suggestReplies', tn('nativeReplies', 1), tn('suggestParticipants', 1))).toBe('1 Beitrag von 1 Beteiligten');
  });

  it('every counted message has its "one" and "other" form in both languages, and nothing else is left behind', () => {
    for (const catalogue of [en, de] as Array<Record<string, unknown>>) {
      const keys = Object.keys(catalogue);
      const counted = keys.filter((k) => k.endsWith('_one')).map((k) => k.slice(0, -4));
      expect(counted.length).toBeGreaterThan(15);
      for (const base of counted) {
        expect(keys, base).toContain(`${base}_other`);
        expect(keys, base).not.toContain(base);
      }
    }
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });

  it('toolbar tooltips count in both languages', () => {
    setFallbackCatalogue(en, 'en');
    expect(tn('toolbarDue', 1)).toBe('1 discussion here is due for review');
    expect(tn('toolbarDue', 2)).toBe('2 discussions here are due for review');
    setFallbackCatalogue(de, 'de');
    expect(tn('toolbarDue', 1)).toBe('1 Diskussion hier ist zur Durchsicht fällig');
    expect(tn('toolbarOpenIssues', 4)).toBe('4 offene Punkte in den Diskussionen hier');
  });

  it('every counted message shows its count (no form without $1)', () => {
    for (const catalogue of [en, de] as Array<Record<string, { message: string }>>) {
      for (const [key, { message }] of Object.entries(catalogue)) {
        if (/_(one|other)$/.test(key)) expect(message, key).toMatch(/\$\d/);
        expect(message, key).toBe(message.trim());
      }
    }
  });
});
