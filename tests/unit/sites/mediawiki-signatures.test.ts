// Localised signatures: user links and timestamps as the wikis print them.
import { describe, expect, it } from 'vitest';
import { findTimestamps, userFromHref } from '../../../sites/mediawiki.signatures';

describe('findTimestamps', () => {
  const cases: Array<[string, string | null]> = [
    ['Agreed. 12:34, 5 July 2019 (UTC)', '2019-07-05T12:34:00.000Z'],
    ['--WTM (dyskusja) 12:42, 30 wrz 2018 (CEST)', '2018-09-30T10:42:00.000Z'],
    ['Frdm 9 octobre 2017 à 21:11 (CEST)', '2017-10-09T19:11:00.000Z'],
    ['le 1 décembre 2017 à 08:04 (CET)', '2017-12-01T07:04:00.000Z'],
    ['14:05, 5. Jul. 2024 (CEST)', '2024-07-05T12:05:00.000Z'],
    ['13:01، 27 فبراير 2020 (ت ع م)', '2020-02-27T13:01:00.000Z'],
    ['\u200f١٦:٤٧، ١٦ی تشرینی یەکەمی ٢٠١٤ (UTC)', '2014-10-16T16:47:00.000Z'],
    ['14:20, 5 ביולי 2023 (IDT)', '2023-07-05T11:20:00.000Z'],
    ['2019年7月5日 (金) 12:34 (UTC)', '2019-07-05T12:34:00.000Z'],
    ['12:34, 5 July 2019 (UTC+5:30)', '2019-07-05T07:04:00.000Z'],
    ['12:34, 5 Smarch 2019 (UTC)', null],
  ];
  for (const [text, iso] of cases) {
    it(text, () => {
      const found = findTimestamps(text);
      expect(found).toHaveLength(1);
      expect(found[0].iso).toBe(iso);
    });
  }

  it('finds none in ordinary text', () => {
    expect(findTimestamps('Meeting at 12:30 in room (B)')).toEqual([]);
    expect(findTimestamps('')).toEqual([]);
  });

  it('finds two signatures on one line', () => {
    expect(findTimestamps('a 12:40, 3 March 2023 (UTC) b 12:55, 3 March 2023 (UTC)').map((t) => t.iso)).toEqual([
      '2023-03-03T12:40:00.000Z',
      '2023-03-03T12:55:00.000Z',
    ]);
  });
});

describe('userFromHref', () => {
  const cases: Array<[string, string | null]> = [
    ['/wiki/User:Jdoe', 'Jdoe'],
    ['/wiki/User_talk:Jane_Doe', 'Jane Doe'],
    ['//pl.wikipedia.org/wiki/Wikipedysta:WTM', 'WTM'],
    ['./Dyskusja_wikipedystki:Herbata', 'Herbata'],
    ['/w/index.php?title=User:New_hire&action=edit&redlink=1', 'New hire'],
    ['/wiki/%D9%85%D8%B3%D8%AA%D8%AE%D8%AF%D9%85:Khaled', 'Khaled'],
    ['/wiki/Special:Contributions/192.0.2.44', '192.0.2.44'],
    ['/wiki/User:Asmith/Release_checklist', null],
    ['/wiki/Wikipedia:Signatures', null],
    ['https://example.com/u/alice', null],
    ['#c-Alice-2024', null],
  ];
  for (const [href, user] of cases) {
    it(href, () => expect(userFromHref(href)).toBe(user));
  }
});
