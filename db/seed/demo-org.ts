/**
 * The demo organisation: an investment fund whose Board has a Chairman and a Deputy Chairman; the Deputy
 * supervises the Department that runs the EDMS (its head and the responsible employee), and the fund has a
 * chancellery with a registrar and a controller, finance and legal departments, internal audit, a route
 * designer and a system administrator. IINs are valid-looking (control digit), e-mails use a demo domain.
 *
 * Development only. `seedDemoOrg` refuses in production and never touches an organisation that is not the
 * demo one. Demo passwords are `qujat-demo-<id>` (e.g. `qujat-demo-admin`), documented in the README.
 */
import type { Models } from '../models';
import type { Role } from '../models/employee';
import { hashPassword } from '../../domain/identity/password-hash';
import { iinControlDigit } from '../../signing/policy/iin';
import { makeIin, type Sex } from './iin';

type Bilingual = { kk: string; ru: string };

export const DEMO_ORGANISATION = { kk: '«Qujat Fund» АҚ', ru: 'АО «Qujat Fund»' };
/** The fund's BIN (same prefix as the dev CA's demo BIN, so dev certificates name the same organisation). */
export const DEMO_FUND_BIN = `12034000567${iinControlDigit('12034000567')}`;

export interface DemoUnit {
  id: string;
  name: Bilingual;
  parentId?: string;
  headId: string;
}

export interface DemoPerson {
  id: string;
  /** "Surname Name Patronymic", as NCA certificates write it. */
  fullName: string;
  birthDate: string;
  sex: Sex;
  unitId: string;
  /** The deputy's is "deputy-chairman": the standard routes escalate to that position. */
  positionId: string;
  position: Bilingual;
  roles: Role[];
  language: 'kk' | 'ru';
  /** NCA role of the person's organisation certificate. */
  signerRole: 'first-head' | 'right-to-sign' | 'employee';
}

export const DEMO_UNITS: DemoUnit[] = [
  { id: 'board', name: { kk: 'Басқарма', ru: 'Правление' }, headId: 'chairman' },
  { id: 'deputy-block', name: { kk: 'Басқарма Төрағасы орынбасарының блогы', ru: 'Блок заместителя Председателя Правления' }, parentId: 'board', headId: 'deputy' },
  // The Department that runs the EDMS: the standard routes name it by this id (standard-routes DEPARTMENT_UNIT_ID).
  { id: 'department', name: { kk: 'Ақпараттық технологиялар департаменті', ru: 'Департамент информационных технологий' }, parentId: 'deputy-block', headId: 'it-head' },
  { id: 'finance-department', name: { kk: 'Қаржы департаменті', ru: 'Финансовый департамент' }, parentId: 'deputy-block', headId: 'finance-head' },
  { id: 'chancellery', name: { kk: 'Кеңсе', ru: 'Канцелярия' }, parentId: 'board', headId: 'chancellery-head' },
  { id: 'legal-department', name: { kk: 'Заң департаменті', ru: 'Юридический департамент' }, parentId: 'board', headId: 'legal-head' },
  { id: 'internal-audit', name: { kk: 'Ішкі аудит қызметі', ru: 'Служба внутреннего аудита' }, parentId: 'board', headId: 'auditor' },
];

export const DEMO_PEOPLE: DemoPerson[] = [
  { id: 'chairman', positionId: 'chairman', fullName: 'Жақсылықов Ерлан Мұратұлы', birthDate: '1968-04-12', sex: 'male', unitId: 'board', position: { kk: 'Басқарма Төрағасы', ru: 'Председатель Правления' }, roles: ['employee'], language: 'kk', signerRole: 'first-head' },
  { id: 'deputy', positionId: 'deputy-chairman', fullName: 'Сәрсенбаева Әйгерім Болатқызы', birthDate: '1975-09-03', sex: 'female', unitId: 'deputy-block', position: { kk: 'Басқарма мүшесі – Төрағаның орынбасары', ru: 'Член Правления – заместитель Председателя' }, roles: ['employee'], language: 'kk', signerRole: 'right-to-sign' },
  { id: 'it-head', positionId: 'department-director', fullName: 'Оспанов Дәурен Асқарұлы', birthDate: '1980-02-21', sex: 'male', unitId: 'department', position: { kk: 'Департамент директоры', ru: 'Директор департамента' }, roles: ['employee'], language: 'kk', signerRole: 'employee' },
  { id: 'edms-officer', positionId: 'edms-officer', fullName: 'Нұрланова Динара Серікқызы', birthDate: '1988-11-30', sex: 'female', unitId: 'department', position: { kk: 'ЭҚЖ жөніндегі бас маман', ru: 'Главный специалист по СЭД' }, roles: ['employee'], language: 'kk', signerRole: 'employee' },
  { id: 'designer', positionId: 'process-analyst', fullName: 'Қасымов Арман Ержанұлы', birthDate: '1990-06-14', sex: 'male', unitId: 'department', position: { kk: 'Бизнес-процестер талдаушысы', ru: 'Аналитик бизнес-процессов' }, roles: ['employee', 'designer'], language: 'ru', signerRole: 'employee' },
  { id: 'admin', positionId: 'system-administrator', fullName: 'Байжанов Тимур Қайратұлы', birthDate: '1986-01-09', sex: 'male', unitId: 'department', position: { kk: 'Жүйелік әкімші', ru: 'Системный администратор' }, roles: ['employee', 'administrator'], language: 'ru', signerRole: 'employee' },
  { id: 'chancellery-head', positionId: 'chancellery-head', fullName: 'Ахметова Гүлнар Маратқызы', birthDate: '1972-08-25', sex: 'female', unitId: 'chancellery', position: { kk: 'Кеңсе меңгерушісі', ru: 'Заведующая канцелярией' }, roles: ['employee', 'registrar'], language: 'kk', signerRole: 'employee' },
  { id: 'registrar', positionId: 'clerk', fullName: 'Ким Елена Викторовна', birthDate: '1992-03-17', sex: 'female', unitId: 'chancellery', position: { kk: 'Іс жүргізуші', ru: 'Делопроизводитель' }, roles: ['employee', 'registrar'], language: 'ru', signerRole: 'employee' },
  { id: 'controller', positionId: 'execution-controller', fullName: 'Исабеков Нұржан Бақытұлы', birthDate: '1984-12-02', sex: 'male', unitId: 'chancellery', position: { kk: 'Орындауды бақылау жөніндегі бас маман', ru: 'Главный специалист по контролю исполнения' }, roles: ['employee', 'controller'], language: 'kk', signerRole: 'employee' },
  { id: 'finance-head', positionId: 'finance-director', fullName: 'Төлеубаев Асхат Нұрланұлы', birthDate: '1979-05-08', sex: 'male', unitId: 'finance-department', position: { kk: 'Департамент директоры', ru: 'Директор департамента' }, roles: ['employee'], language: 'kk', signerRole: 'employee' },
  { id: 'accountant', positionId: 'chief-accountant', fullName: 'Мұхамеджанова Сәуле Ерланқызы', birthDate: '1991-10-19', sex: 'female', unitId: 'finance-department', position: { kk: 'Бас бухгалтер', ru: 'Главный бухгалтер' }, roles: ['employee'], language: 'kk', signerRole: 'employee' },
  { id: 'legal-head', positionId: 'legal-director', fullName: 'Есенова Мадина Талғатқызы', birthDate: '1982-07-27', sex: 'female', unitId: 'legal-department', position: { kk: 'Департамент директоры', ru: 'Директор департамента' }, roles: ['employee'], language: 'ru', signerRole: 'employee' },
  { id: 'lawyer', positionId: 'lawyer', fullName: 'Серіков Бауыржан Әсетұлы', birthDate: '1994-04-04', sex: 'male', unitId: 'legal-department', position: { kk: 'Заңгер', ru: 'Юрист' }, roles: ['employee'], language: 'kk', signerRole: 'employee' },
  { id: 'auditor', positionId: 'internal-audit-head', fullName: 'Әбенов Қайрат Жомартұлы', birthDate: '1977-01-31', sex: 'male', unitId: 'internal-audit', position: { kk: 'Ішкі аудит қызметінің басшысы', ru: 'Руководитель службы внутреннего аудита' }, roles: ['employee', 'auditor'], language: 'kk', signerRole: 'employee' },
];

/** Dev-only password of a demo account. */
export const demoPassword = (id: string): string => `qujat-demo-${id}`;

export const demoIin = (person: DemoPerson, index = DEMO_PEOPLE.indexOf(person)): string => makeIin(person.birthDate, person.sex, 100 + index * 7);

/** The distinguished name an NCA organisation certificate of this person carries. */
export function demoCertificateDn(person: DemoPerson): string {
  const [surname, given, patronymic] = person.fullName.split(/\s+/);
  return `CN=${surname} ${given}, SURNAME=${surname}, SERIALNUMBER=IIN${demoIin(person)}, C=KZ, G=${patronymic}, O=${DEMO_ORGANISATION.ru}, OU=BIN${DEMO_FUND_BIN}`;
}

/** The demo people in the shape the dev CA issues certificates for (client/dev-ca.ts --employees). */
export function demoCertificateHolders(): Array<{ id: string; fullName: string; iin: string; bin: string; organisation: string; roles: Array<DemoPerson['signerRole']> }> {
  return DEMO_PEOPLE.map((p) => ({ id: p.id, fullName: p.fullName, iin: demoIin(p), bin: DEMO_FUND_BIN, organisation: DEMO_ORGANISATION.ru, roles: [p.signerRole] }));
}

export interface SeedOutcome {
  seeded: boolean;
  reason?: 'production' | 'organisation-exists';
  created: { units: number; positions: number; employees: number };
}

/**
 * Seeds the demo organisation into an empty database (or completes a demo seed that was interrupted).
 * Idempotent: whatever exists is left as it is; refuses in production and next to any non-demo employee.
 */
export async function seedDemoOrg(
  models: Pick<Models, 'Unit' | 'Position' | 'Employee'>,
  options: { env?: NodeJS.ProcessEnv; hash?: (password: string) => Promise<string> } = {},
): Promise<SeedOutcome> {
  const env = options.env ?? process.env;
  const hash = options.hash ?? hashPassword;
  const created = { units: 0, positions: 0, employees: 0 };
  if (env.NODE_ENV === 'production') return { seeded: false, reason: 'production', created };
  const demoIds = DEMO_PEOPLE.map((p) => p.id);
  if (await models.Employee.exists({ _id: { $nin: demoIds } })) return { seeded: false, reason: 'organisation-exists', created };

  for (const unit of DEMO_UNITS) {
    const result = await models.Unit.updateOne(
      { _id: unit.id },
      { $setOnInsert: { name: unit.name, parentId: unit.parentId, headEmployeeId: unit.headId } },
      { upsert: true },
    );
    created.units += result.upsertedCount;
  }
  for (const [index, person] of DEMO_PEOPLE.entries()) {
    const positionId = person.positionId;
    const position = await models.Position.updateOne({ _id: positionId }, { $setOnInsert: { title: person.position, unitId: person.unitId } }, { upsert: true });
    created.positions += position.upsertedCount;
    if (await models.Employee.exists({ _id: person.id })) continue;
    await models.Employee.create({
      _id: person.id,
      fullName: person.fullName,
      iin: demoIin(person, index),
      email: `${person.id}@qujat-fund.kz`,
      language: person.language,
      unitId: person.unitId,
      positionId,
      roles: person.roles,
      certificateDn: demoCertificateDn(person),
      status: 'active',
      passwordHash: await hash(demoPassword(person.id)),
    });
    created.employees += 1;
  }
  return { seeded: true, created };
}
