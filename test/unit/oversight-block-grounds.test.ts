import { addMonths, blockRefusal } from '../../domain/access/block-grounds';

describe('calendar months', () => {
  it.each([
    ['2027-01-10', 2, '2027-03-10'],
    ['2026-10-31', 2, '2026-12-31'],
    ['2026-12-31', 2, '2027-02-28'],
    ['2027-12-31', 2, '2028-02-29'],
    ['2026-11-15', 2, '2027-01-15'],
  ])('%s + %i months = %s', (day, months, expected) => expect(addMonths(day, months)).toBe(expected));
});

describe('block grounds', () => {
  const self = { applicantId: 'a', subjectId: 'a' };
  it('absence: more than two months, the holder only', () => {
    expect(blockRefusal({ ground: 'absence', ...self, absentFrom: '2027-01-10', absentUntil: '2027-03-11' }, false)).toBeUndefined();
    expect(blockRefusal({ ground: 'absence', ...self, absentFrom: '2027-01-10', absentUntil: '2027-03-10' }, false)).toMatchObject({ field: 'body.absentUntil' });
    expect(blockRefusal({ ground: 'absence', ...self, absentFrom: '2027-02-30', absentUntil: '2027-06-10' }, false)).toMatchObject({ field: 'body.absentFrom' });
    expect(blockRefusal({ ground: 'absence', applicantId: 'h', subjectId: 'a', absentFrom: '2027-01-01', absentUntil: '2027-06-01' }, true)).toMatchObject({ forbidden: true });
  });
  it('dismissal: never one\'s own unless an administrator; no period on other grounds', () => {
    expect(blockRefusal({ ground: 'dismissal', ...self }, false)).toMatchObject({ field: 'body.ground', forbidden: true });
    expect(blockRefusal({ ground: 'dismissal', applicantId: 'h', subjectId: 'a' }, false)).toBeUndefined();
    expect(blockRefusal({ ground: 'other', ...self, absentUntil: '2027-01-01' }, false)).toMatchObject({ field: 'body.absentUntil' });
  });
});
