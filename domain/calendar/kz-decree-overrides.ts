/**
 * Shipped calendar changes that no rule can derive, for the years we could confirm from published sources.
 *
 * - 'decree': a transfer of a day off by the Government / the Ministry of Labour and Social Protection (Labour Code
 *   art. 85 p. 3 lets the authorised body move days off "for the rational use of working time"). A transfer always
 *   has two halves: a weekday that becomes a day off and a weekend day that becomes a working day.
 * - 'correction': where the library data is wrong for a year and the statutory calendar says otherwise.
 *
 * Only entries confirmed by at least two independent sources are here (listed per entry). Anything else — a new
 * year's decree, a late change — goes in through the admin override table (`/api/calendar/overrides`), which wins
 * over this file. See docs/calendar.md for what was and was not confirmed.
 */
export interface ShippedCalendarOverride {
  date: string;
  kind: 'day-off' | 'working-day';
  reason: string;
  basis: 'decree' | 'correction';
  sources: string[];
}

export const KZ_DECREE_OVERRIDES: readonly ShippedCalendarOverride[] = [
  // 2024: day off moved from Saturday 4 May to Wednesday 8 May (between Defender's Day and Victory Day).
  {
    date: '2024-05-04',
    kind: 'working-day',
    reason: 'Working Saturday: day off moved to Wednesday 2024-05-08 (Ministry of Labour order, 2024)',
    basis: 'decree',
    sources: [
      'https://m.ru.sputniknews.kz/20240418/vykhodnoy-perenesli-s-4-na-8-maya---mintruda-podpisalo-prikaz-43738035.html',
      'vacanza/holidays KazakhstanStaticHolidays 2024 (adilet.zan.kz G24G0000109)',
    ],
  },
  {
    date: '2024-05-08',
    kind: 'day-off',
    reason: 'Day off moved from Saturday 2024-05-04 (Ministry of Labour order, 2024)',
    basis: 'decree',
    sources: [
      'https://m.ru.sputniknews.kz/20240418/vykhodnoy-perenesli-s-4-na-8-maya---mintruda-podpisalo-prikaz-43738035.html',
      'vacanza/holidays KazakhstanStaticHolidays 2024 (adilet.zan.kz G24G0000109)',
    ],
  },
  // 2025: day off moved from Sunday 5 January to Friday 3 January (1–4 January off, Sunday 5 January worked).
  {
    date: '2025-01-03',
    kind: 'day-off',
    reason: 'Day off moved from Sunday 2025-01-05 (Ministry of Labour order, 2024)',
    basis: 'decree',
    sources: [
      'https://kz.kursiv.media/2024-12-23/lsbs-vyhodnye',
      'https://energy-city.kz/pavlodar/kazahstanczy-poluchat-chetyre-vyhodnyh-dnya-na-novyj-god',
      'vacanza/holidays KazakhstanStaticHolidays 2025 (adilet.zan.kz G24G0000436)',
    ],
  },
  {
    date: '2025-01-05',
    kind: 'working-day',
    reason: 'Working Sunday: day off moved to Friday 2025-01-03 (Ministry of Labour order, 2024)',
    basis: 'decree',
    sources: [
      'https://kz.kursiv.media/2024-12-23/lsbs-vyhodnye',
      'https://energy-city.kz/pavlodar/kazahstanczy-poluchat-chetyre-vyhodnyh-dnya-na-novyj-god',
      'vacanza/holidays KazakhstanStaticHolidays 2025 (adilet.zan.kz G24G0000436)',
    ],
  },
  // 2026: no transfer of days off was announced as of the sources below (New Year: 1–4 January off with no
  // transfer). The new Constitution adopted by referendum on 15 March 2026 moves Constitution Day from 30 August to
  // 15 March, celebrated from 2027: in 2026 neither date is a day off. date-holidays 3.37 already drops 30 August
  // for 2026 but lists 15 March 2026 (a Sunday) with a substitute Monday 16 March, which was a working day.
  {
    date: '2026-03-16',
    kind: 'working-day',
    reason:
      'Not a day off: Constitution Day on 15 March is celebrated from 2027 (new Constitution adopted 15 March 2026)',
    basis: 'correction',
    sources: [
      'https://taspanews.kz/novosti-kazakhstana/v-etom-godu-u-kazakhstantsev-ne-budet-odnogo-vykhodnogo-795514517615',
      'https://github.com/vacanza/holidays/pull/3690',
    ],
  },
];
