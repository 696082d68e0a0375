import { ACCESS_APPLICATION_ROUTE } from '../../../db/seed/access-application-route';
import { DEMO_FUND_BIN, DEMO_PEOPLE, DEMO_UNITS, demoCertificateDn, demoIin } from '../../../db/seed/demo-org';
import { makeIin } from '../../../db/seed/iin';
import { DEPARTMENT_UNIT_ID, DEPUTY_CHAIRMAN_POSITION_ID } from '../../../db/seed/standard-routes';
import { routeDefinitionSchema } from '../../../domain/routes/route-schema';
import { isValidIin } from '../../../signing/policy/iin';

describe('IINs for demo people', () => {
  it('encodes birth date, century and sex, and carries a valid control digit', () => {
    const iin = makeIin('1986-01-09', 'male', 100);
    expect(iin).toMatch(/^8601093\d{5}$/);
    expect(isValidIin(iin)).toBe(true);
    expect(makeIin('2001-12-31', 'female', 1)).toMatch(/^0112316/);
  });

  it('skips serials that have no control digit', () => {
    for (let serial = 0; serial < 200; serial++) expect(isValidIin(makeIin('1990-06-14', 'female', serial))).toBe(true);
  });
});

describe('the demo organisation', () => {
  it('gives every person a distinct valid IIN, and the fund a valid BIN', () => {
    const iins = DEMO_PEOPLE.map((p) => demoIin(p));
    expect(iins.every(isValidIin)).toBe(true);
    expect(new Set(iins).size).toBe(iins.length);
    expect(isValidIin(DEMO_FUND_BIN)).toBe(true);
    expect(demoCertificateDn(DEMO_PEOPLE[0])).toContain(`SERIALNUMBER=IIN${iins[0]}`);
  });

  it('has the roles and the structure the standard routes and the issue name', () => {
    const roles = new Set(DEMO_PEOPLE.flatMap((p) => p.roles));
    for (const role of ['employee', 'registrar', 'controller', 'designer', 'administrator', 'auditor']) expect(roles).toContain(role);
    expect(DEMO_UNITS.find((u) => u.id === DEPARTMENT_UNIT_ID)?.parentId).toBe('deputy-block');
    expect(DEMO_PEOPLE.find((p) => p.positionId === DEPUTY_CHAIRMAN_POSITION_ID)?.id).toBe('deputy');
    const ids = new Set(DEMO_PEOPLE.map((p) => p.id));
    for (const unit of DEMO_UNITS) {
      expect(ids).toContain(unit.headId);
      if (unit.parentId) expect(DEMO_UNITS.map((u) => u.id)).toContain(unit.parentId);
    }
  });

  it('ships an access application route the route validator accepts', () => {
    expect(() => routeDefinitionSchema.parse(ACCESS_APPLICATION_ROUTE)).not.toThrow();
  });
});
