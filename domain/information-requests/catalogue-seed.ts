/**
 * The reference tables of information requests as the source gives them (seed-004 Annexes 1–3), shipped as the
 * first version of each row. The PDF extraction lost the columns of Annexes 1 and 2: only the number of "+"
 * marks per row can be trusted, so every row whose grounds were placed by reading rather than by the text is
 * `ambiguous`, with a note saying what is and is not known. Administrators correct rows as new versions.
 */

/** The seven columns of Annex 1 (the grounds a role may use), plus the one ground two roles have beyond them. */
export const GROUNDS = [
  'criminal-case',
  'administrative-case-court',
  'administrative-case-special-accounts',
  'civil-case-court',
  'initial-check',
  'enforcement-proceedings',
  'search-case',
  'accounting-registration',
] as const;
export type Ground = (typeof GROUNDS)[number];

/**
 * What a request states as its basis (§P3): a ground, and for a criminal case whether the case is the user's own,
 * an assignment from another investigator or prosecutor (¶22.1), or international legal assistance (¶22.2).
 */
export const BASES = [
  'criminal-case',
  'criminal-assignment',
  'international-assistance',
  'administrative-case-court',
  'administrative-case-special-accounts',
  'civil-case-court',
  'initial-check',
  'enforcement-proceedings',
  'search-case',
  'accounting-registration',
] as const;
export type Basis = (typeof BASES)[number];

export const IDENTIFIERS = ['caseNumber', 'assignmentOutgoingNumber', 'requestingBody', 'coverLetterOutgoingNumber', 'court', 'year'] as const;
export type IdentifierName = (typeof IDENTIFIERS)[number];

/** The case registers the justification check reads: ЕРДР, АЕ ААЖ, АІО ААЖ and the courts' system. */
export const CASE_REGISTERS = ['erdr', 'special-accounts', 'enforcement', 'court'] as const;
export type CaseRegister = (typeof CASE_REGISTERS)[number];

export interface BasisRule {
  ground: Ground;
  /** Identifiers the basis cannot go without (¶¶20–27). */
  requires: IdentifierName[];
  /** Where the case must be found in the user's proceedings; absent: no case to check (¶20; ¶22.2 is exempt by ¶5). */
  register?: CaseRegister;
  clause: string;
}

export const BASIS_RULES: Record<Basis, BasisRule> = {
  'criminal-case': { ground: 'criminal-case', requires: ['caseNumber'], register: 'erdr', clause: '¶21' },
  'criminal-assignment': { ground: 'criminal-case', requires: ['caseNumber', 'assignmentOutgoingNumber'], register: 'erdr', clause: '¶22.1' },
  'international-assistance': { ground: 'criminal-case', requires: ['assignmentOutgoingNumber', 'requestingBody', 'coverLetterOutgoingNumber'], clause: '¶¶5, 22.2' },
  'administrative-case-court': { ground: 'administrative-case-court', requires: ['caseNumber', 'year', 'court'], register: 'court', clause: '¶25' },
  'administrative-case-special-accounts': { ground: 'administrative-case-special-accounts', requires: ['caseNumber'], register: 'special-accounts', clause: '¶23' },
  'civil-case-court': { ground: 'civil-case-court', requires: ['caseNumber', 'year', 'court'], register: 'court', clause: '¶25' },
  'initial-check': { ground: 'initial-check', requires: [], clause: '¶20' },
  'enforcement-proceedings': { ground: 'enforcement-proceedings', requires: ['caseNumber'], register: 'enforcement', clause: '¶27' },
  'search-case': { ground: 'search-case', requires: ['caseNumber'], register: 'special-accounts', clause: '¶26' },
  'accounting-registration': { ground: 'accounting-registration', requires: ['caseNumber'], register: 'special-accounts', clause: 'Ann. 1' },
};

/** Bodies a role belongs to, for services restricted to one body (Ann. 2: "Interior Ministry only"). */
export const BODIES = ['prosecution', 'operator', 'court', 'mvd', 'knb', 'anti-corruption', 'afm', 'military-police', 'penal-system', 'emergencies', 'bailiffs', 'state-guard', 'hr'] as const;
export type Body = (typeof BODIES)[number];

export interface RoleRow {
  key: string;
  title: string;
  body: Body;
  grounds: Ground[];
  /** The number of "+" marks the source shows for the row: the one fact about its grounds that survived extraction. */
  marks: number;
  ambiguous?: string;
}

const COLUMNS_LOST = 'Annex 1 columns lost in extraction: the number of grounds is the source\'s, which ones is a reading to verify against Adilet V1500012786';

function role(key: string, title: string, body: Body, grounds: Ground[], extra?: string): RoleRow {
  return { key, title, body, grounds, marks: grounds.filter((g) => g !== 'accounting-registration').length, ambiguous: extra ? `${COLUMNS_LOST}; ${extra}` : COLUMNS_LOST };
}

const CRIMINAL_CHECK_SEARCH: Ground[] = ['criminal-case', 'initial-check', 'search-case'];

export const ROLE_ROWS: RoleRow[] = [
  role('prosecutor', 'Prosecutor', 'prosecution', ['criminal-case', 'administrative-case-court', 'administrative-case-special-accounts', 'civil-case-court', 'initial-check']),
  role('administrator', 'System administrator', 'operator', ['initial-check']),
  role('judge', 'Judge', 'court', ['criminal-case', 'administrative-case-court', 'civil-case-court']),
  role('investigator-mvd', 'Investigator, Interior Ministry', 'mvd', CRIMINAL_CHECK_SEARCH),
  role('investigator-knb', 'Investigator, National Security Committee', 'knb', CRIMINAL_CHECK_SEARCH),
  role('investigator-anti-corruption', 'Investigator, anti-corruption service', 'anti-corruption', CRIMINAL_CHECK_SEARCH),
  role('investigator-afm', 'Investigator, Financial Monitoring Agency', 'afm', CRIMINAL_CHECK_SEARCH),
  role('inquirer-mvd', 'Inquirer, Interior Ministry', 'mvd', ['criminal-case', 'administrative-case-special-accounts', 'initial-check']),
  role('inquirer-knb', 'Inquirer, National Security Committee', 'knb', ['criminal-case', 'administrative-case-special-accounts', 'initial-check']),
  role('officer-anti-corruption', 'Officer, anti-corruption service', 'anti-corruption', [...CRIMINAL_CHECK_SEARCH, 'accounting-registration'], 'the accounting-registration ground is named in the text; its identifiers are not (the АЕ ААЖ number is assumed)'),
  role('officer-afm', 'Officer, Financial Monitoring Agency', 'afm', [...CRIMINAL_CHECK_SEARCH, 'accounting-registration'], 'the accounting-registration ground is named in the text; its identifiers are not (the АЕ ААЖ number is assumed)'),
  role('military-police', 'Military police', 'military-police', ['criminal-case', 'administrative-case-special-accounts', 'initial-check', 'search-case']),
  role('penal-system', 'Penal system', 'penal-system', ['criminal-case', 'initial-check', 'enforcement-proceedings']),
  role('emergencies', 'Emergencies', 'emergencies', ['administrative-case-special-accounts', 'initial-check']),
  role('bailiff', 'Bailiff', 'bailiffs', ['civil-case-court', 'enforcement-proceedings']),
  role('inquirer-state-guard', 'Inquirer, State Guard Service', 'state-guard', CRIMINAL_CHECK_SEARCH),
  role('administrative-police', 'Administrative police', 'mvd', ['administrative-case-special-accounts', 'initial-check']),
  role('criminal-police', 'Criminal police', 'mvd', CRIMINAL_CHECK_SEARCH),
  role('district-inspector', 'District police inspector', 'mvd', ['administrative-case-special-accounts', 'initial-check']),
  role('juvenile-police', 'Juvenile police', 'mvd', ['administrative-case-special-accounts', 'initial-check']),
  role('mvd-anti-drug', 'Interior Ministry, anti-drug unit', 'mvd', ['initial-check', 'search-case']),
  role('mvd-economic-crime', 'Interior Ministry, economic crime unit', 'mvd', ['initial-check', 'search-case']),
  role('mvd-operational-staff', 'Interior Ministry, operational staff', 'mvd', ['initial-check']),
  role('mvd-organized-crime', 'Interior Ministry, organized crime unit', 'mvd', ['initial-check', 'search-case']),
  role('hr-service', 'HR service', 'hr', ['initial-check']),
];

export interface ServiceRow {
  code: number;
  title: string;
  /** Grounds under which the service may be asked for at all. */
  grounds: Ground[];
  /** Grounds under which it answers redacted (Ann. 2 *), and the fields a redacted answer never carries. */
  redactedUnder?: Ground[];
  hiddenFields?: string[];
  /** Only a user of this body may ask for it (Ann. 2: "Interior Ministry only"). */
  onlyBody?: Body;
  /** Needs a case under an Annex 3 article (Ann. 2 **). */
  needsWhitelistedArticle?: boolean;
  /** Answered by responders of this unit of ours (docs/information-requests.md, "The providing side"). */
  providerUnitId?: string;
  /** Provided by another organisation, by its BIN in the exchange address book: requests travel as envelopes. */
  providerBin?: string;
  ambiguous?: string;
}

const ALL_SEVEN: Ground[] = ['criminal-case', 'administrative-case-court', 'administrative-case-special-accounts', 'civil-case-court', 'initial-check', 'enforcement-proceedings', 'search-case'];
const SERVICE_COLUMNS_LOST = 'Annex 2 columns lost in extraction: the grounds are all seven until verified against Adilet V1500012786';

const SERVICE_TITLES: string[] = [
  'Individuals database', 'Legal entities database', 'Real-estate register', 'Land plots', 'Vehicles', 'Registered weapons', 'Railway transport',
  'Small and river vessels', 'Sea vessels', 'Agricultural machinery', 'Pension contributions', 'Disability', 'Social assistance', 'Labour market',
  'Services received at public-service centres', 'Special accounts', 'Unified harmonized statistical system', 'Enforcement proceedings', 'Courts',
  'Court cards', 'Traffic-rule violations', 'Claims', 'Criminal vehicles', 'Criminal weapons', 'Road accidents record', 'Request to a state employee',
  'Photo from the population documentation system', 'Population documentation form 1', 'Driving licences', 'E-Notariat', 'Unified record of citizens\' appeals',
  'Civil-status acts', 'Border crossings by Kazakh citizens', 'Border crossings by foreign citizens', 'Taxpayers', 'Tax debts', 'Counter-checks',
  'VAT payers', 'Tax reporting', 'Counterparties', 'E-licensing', 'E-public procurement', 'Foreign-trade participants', 'Passenger customs declarations',
  'Vehicle declarations', 'Foreign labour', 'Monopolists', 'Subsoil contracts (hydrocarbons)', 'Subsoil contracts (solid minerals and groundwater)',
  'State-body inspections record', 'Budget revenues', 'Kazakhstan Temir Zholy', 'Kazakhtelecom', 'Persons hiding from investigation or inquiry',
  'Missing persons', 'Foreign workers\' violations', 'Arrests on real estate', 'Prohibitions on legal entities or branches',
  'Prohibitions on an individual\'s participation', 'Control of foreigners\' expulsion', 'Unreliable procurement participants', 'Address and phone search',
  'State servants', 'Technical inspection', 'Land encumbrance imposed or removed', 'Postal items', 'University students and graduates',
  'Ethyl alcohol and wine material declarations', 'Alcohol production and circulation declarations', 'Alcohol circulation declarations',
  'Petroleum declarations, version 2', 'Petroleum declarations, version 3', 'Debtors and defendants', 'Outpatient visits', 'Dispensary registration',
  'Hospital referrals', 'Inpatient treatment', 'Interconnections level 1', 'Interconnections level 2',
];

/** Rows the digest marks as open to all seven grounds. */
const ALL_SEVEN_ROWS = new Set([1, 16, 18, 22, 46, 53, 54, 60]);
/** Rows whose number of marks is given but not which: [code, marks]. */
const COUNTED_ROWS = new Map<number, Ground[]>([
  [23, ['criminal-case', 'initial-check', 'search-case', 'administrative-case-special-accounts']],
  [24, ['criminal-case', 'initial-check', 'search-case', 'administrative-case-special-accounts']],
  [30, ['criminal-case', 'civil-case-court', 'enforcement-proceedings', 'initial-check']],
  [57, ['enforcement-proceedings']],
  [58, ['enforcement-proceedings']],
  [59, ['enforcement-proceedings']],
  [63, ['initial-check']],
  [65, ['enforcement-proceedings']],
  [66, ['criminal-case', 'search-case']],
  [67, ['initial-check']],
]);
const TAX_ROWS = new Set([37, 38, 39, 40, 68, 69, 70, 71, 72]);
const MVD_ONLY_ROWS = new Set([6, 27]);
const PENSION_SERVICE = 11;
/** Rows 73–79 carry no marks at all: no ground opens them until an administrator says otherwise. */
const UNMARKED_FROM = 73;

export const SERVICE_ROWS: ServiceRow[] = SERVICE_TITLES.map((title, index) => {
  const code = index + 1;
  const row: ServiceRow = { code, title, grounds: ALL_SEVEN };
  if (ALL_SEVEN_ROWS.has(code)) return row;
  if (code >= UNMARKED_FROM) return { ...row, grounds: [], ambiguous: 'no marks in the source row: closed to every ground until verified' };
  const counted = COUNTED_ROWS.get(code);
  if (counted) return { ...row, grounds: counted, ambiguous: `${counted.length} mark(s) in the source; which grounds is a reading to verify` };
  if (code === PENSION_SERVICE) {
    return {
      ...row,
      redactedUnder: ['administrative-case-special-accounts', 'initial-check', 'enforcement-proceedings', 'search-case'],
      hiddenFields: ['amount', 'amounts', 'monthlyAmounts', 'total', 'income'],
      ambiguous: 'full in 3 columns, redacted in 4: which columns is a reading to verify',
    };
  }
  if (MVD_ONLY_ROWS.has(code)) return { ...row, onlyBody: 'mvd', ambiguous: `${SERVICE_COLUMNS_LOST}; "Interior Ministry only" stands in one column, read as the whole row` };
  if (TAX_ROWS.has(code)) return { ...row, needsWhitelistedArticle: true, ambiguous: SERVICE_COLUMNS_LOST };
  return { ...row, ambiguous: SERVICE_COLUMNS_LOST };
});

export interface ArticleRow {
  /** Criminal Code article and part ("245-1"), or the article alone when the annex lists it whole ("220"). */
  key: string;
  article: number;
  part?: number;
  title?: string;
  validFrom: string;
  sourceOrder: string;
  ambiguous?: string;
}

/** Annex 3 by row ranges: [article, parts] with 0 parts for an article listed whole (75 rows). */
const ANNEX_3: Array<[number, number]> = [
  [214, 2], [216, 3], [217, 3], [218, 3], [219, 2], [220, 0], [221, 3], [222, 2], [223, 4], [224, 0], [225, 0], [226, 2], [227, 0],
  [228, 3], [229, 3], [230, 3], [231, 3], [232, 2], [233, 2], [234, 3], [235, 0], [236, 3], [237, 2], [238, 2], [239, 2], [241, 0],
  [242, 0], [243, 2], [244, 0], [245, 3], [246, 0], [247, 3], [248, 3], [249, 3],
];
const ARTICLE_TITLES: Record<number, string> = {
  214: 'Illegal entrepreneurship',
  218: 'Legalisation (laundering) of money or other property obtained by crime',
  234: 'Smuggling',
  244: 'Tax evasion',
  245: 'Tax evasion by an organisation',
  249: 'Raiding',
};
const ANNEX_3_VALID_FROM = '2016-01-01';
const ANNEX_3_NOTE = 'valid-from is the first day the order could apply; the re-issue by No. 17/2021 changed rows on a date the digest does not give';

export const ARTICLE_ROWS: ArticleRow[] = ANNEX_3.flatMap(([article, parts]) => {
  const base = { article, title: ARTICLE_TITLES[article], validFrom: ANNEX_3_VALID_FROM, sourceOrder: 'No. 151 of 22.12.2015, as re-issued by No. 17/2021', ambiguous: ANNEX_3_NOTE };
  if (parts === 0) return [{ ...base, key: String(article) }];
  return Array.from({ length: parts }, (_, i) => ({ ...base, key: `${article}-${i + 1}`, part: i + 1 }));
});

/** What the log journal records (domain/information-requests/log-journal.ts). */
export const LOG_KINDS = ['request', 'answer', 'refusal', 'prosecutor-export', 'violation'] as const;
export type LogKind = (typeof LOG_KINDS)[number];
