/**
 * The justification check (seed-004 ¶5, Ann. 6 §2): the case behind a request must be in the user's own
 * proceedings. The port lets a deployment answer from ЕРДР, АЕ ААЖ or АІО ААЖ; the built-in source is the case
 * register below (cases assigned to employees, edited by administrators or imported from CSV). International
 * legal assistance (¶22.2) and the initial check (¶20) name no case, so nothing is looked up for them.
 */
import type { InfoCaseRecord, InformationRequestModels } from '../../db/models/information-request';
import { BASIS_RULES, CASE_REGISTERS, type Basis, type CaseRegister } from './catalogue-seed';
import type { Identifiers, Refusal } from './request-rules';

export interface JustificationQuery {
  employeeId: string;
  basis: Basis;
  identifiers: Identifiers;
  /** The Annex 3 article stated for a tax service: the case must be under it. */
  article?: string;
}

export type JustificationVerdict = { justified: true; exempt?: 'international-assistance' | 'no-case'; caseId?: string } | ({ justified: false } & Refusal);

export interface JustificationPort {
  check(query: JustificationQuery): Promise<JustificationVerdict>;
}

export function caseId(register: CaseRegister, identifiers: Identifiers): string {
  const number = (identifiers.caseNumber ?? '').trim();
  return register === 'court' ? `court|${(identifiers.court ?? '').trim()}|${(identifiers.year ?? '').trim()}|${number}` : `${register}|${number}`;
}

export function createCaseRegisterJustification(models: Pick<InformationRequestModels, 'InfoCase'>): JustificationPort {
  return {
    async check({ employeeId, basis, identifiers, article }) {
      const rule = BASIS_RULES[basis];
      if (!rule.register) return { justified: true, exempt: basis === 'international-assistance' ? 'international-assistance' : 'no-case' };
      const id = caseId(rule.register, identifiers);
      // A lookup by `_id` only: the one filter the embedded database answers without a scan.
      const found = await models.InfoCase.findById(id).lean<InfoCaseRecord>();
      if (!found) return { justified: false, code: 'case-not-found', field: 'body.identifiers.caseNumber', reason: `Case ${identifiers.caseNumber} is not in the ${rule.register} register.` };
      if (!found.assignedTo.includes(employeeId)) {
        return { justified: false, code: 'case-not-yours', field: 'body.identifiers.caseNumber', reason: `Case ${identifiers.caseNumber} is not in your proceedings (¶5): the request is unjustified.` };
      }
      if (article && found.articles.length && !found.articles.some((a) => a === article || article.startsWith(`${a}-`) || a.startsWith(`${article}-`))) {
        return { justified: false, code: 'article-not-charged', field: 'body.article', reason: `Case ${identifiers.caseNumber} is not under article ${article}.` };
      }
      return { justified: true, caseId: id };
    },
  };
}

export interface CaseRow {
  register: CaseRegister;
  number: string;
  court?: string;
  year?: string;
  assignedTo: string[];
  articles: string[];
  /** The line of the CSV file it came from. */
  line?: number;
}

/** Why a line of the case register's CSV is refused; the screen names the line and says this in words. */
export type CaseCsvProblem = 'header' | 'columns' | 'register' | 'number' | 'court' | 'assigned' | 'unknown-employee';
export interface CaseCsvError {
  line: number;
  code: CaseCsvProblem;
  message: string;
}

/**
 * CSV import of the case register: register,number,court,year,assignedTo,articles (lists separated by `;`).
 * Lines are numbered as in the file (blank lines count), so the number a clerk is shown is the one their editor shows.
 */
export function parseCaseCsv(text: string): { rows: CaseRow[]; errors: CaseCsvError[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const rows: CaseRow[] = [];
  const errors: CaseCsvError[] = [];
  const headerAt = lines.findIndex((l) => l.trim());
  const header = (lines[headerAt] ?? '').split(',').map((h) => h.trim());
  const expected = ['register', 'number', 'court', 'year', 'assignedTo', 'articles'];
  if (header.join(',') !== expected.join(',')) return { rows, errors: [{ line: Math.max(headerAt, 0) + 1, code: 'header', message: `the header must be ${expected.join(',')}` }] };
  lines.forEach((line, i) => {
    if (i <= headerAt || !line.trim()) return undefined;
    const cells = line.split(',').map((c) => c.trim());
    const [register, number, court, year, assigned, articles] = cells;
    const lineNo = i + 1;
    const refuse = (code: CaseCsvProblem, message: string) => errors.push({ line: lineNo, code, message });
    if (cells.length !== expected.length) return refuse('columns', `${expected.length} columns expected, found ${cells.length}`);
    if (!(CASE_REGISTERS as readonly string[]).includes(register)) return refuse('register', `unknown register "${register}"`);
    if (!number) return refuse('number', 'the case number is empty');
    if (register === 'court' && (!court || !/^\d{4}$/.test(year))) return refuse('court', 'a court case needs the court and a four-digit year');
    const assignedTo = assigned.split(';').map((s) => s.trim()).filter(Boolean);
    if (!assignedTo.length) return refuse('assigned', 'no employee is assigned');
    rows.push({ register: register as CaseRegister, number, court: court || undefined, year: year || undefined, assignedTo, articles: articles.split(';').map((s) => s.trim()).filter(Boolean), line: lineNo });
    return undefined;
  });
  return { rows, errors };
}
