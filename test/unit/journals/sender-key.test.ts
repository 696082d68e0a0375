import { normalizeCorrespondent, normalizeSenderDate, normalizeSenderNumber, senderKeyOf } from '../../../domain/journals/sender-key';
import { documentCaption } from '../../../domain/journals/document-caption';
import { formatRegistrationNumber } from '../../../domain/journals/number-format';

describe('the duplicate check key', () => {
  it('ignores spelling noise in the number, the correspondent and the date format', () => {
    expect(normalizeSenderNumber(' № 01–12/345 ')).toBe(normalizeSenderNumber('01-12/345'));
    expect(normalizeSenderNumber('No. 15-2/1234')).toBe('15-2/1234');
    expect(normalizeCorrespondent('ТОО  «Альфа»')).toBe(normalizeCorrespondent('тоо "альфа"'));
    expect(normalizeSenderDate('05.11.2026')).toBe('2026-11-05');
    expect(normalizeSenderDate('2026-11-05')).toBe('2026-11-05');
    expect(normalizeSenderDate('5/11/2026')).toBeUndefined();
    expect(normalizeSenderDate('31.02.2026')).toBeUndefined();
  });

  it('is built only from a card that carries all three parts', () => {
    expect(senderKeyOf({ correspondent: 'АҚ «Бета»', fields: { senderNumber: '7/1', senderDate: '01.02.2026' } })).toEqual({
      number: '7/1',
      date: '2026-02-01',
      correspondent: 'ақ бета',
    });
    expect(senderKeyOf({ correspondent: 'АҚ «Бета»', fields: { senderNumber: '7/1' } })).toBeUndefined();
    expect(senderKeyOf({ correspondent: null, fields: { senderNumber: '7/1', senderDate: '2026-02-01' } })).toBeUndefined();
  });
});

describe('numbers and captions', () => {
  it('render the template with padding and year', () => {
    expect(formatRegistrationNumber({ index: '01-12', format: '{index}/{seq}' }, 345, 2026)).toBe('01-12/345');
    expect(formatRegistrationNumber({ index: 'ЖТ', format: '{index}-{seq}', width: 4 }, 7, 2026)).toBe('ЖТ-0007');
  });

  it('show the registration number and date (Astana) once registered, the draft number before', () => {
    const createdAt = new Date('2026-11-23T20:30:00Z'); // already 24.11 in Astana
    expect(documentCaption({ title: 'Хат', language: 'kk', createdAt, draftNumber: 'D-3' })).toBe('Жоба 24.11.2026 № D-3 — Хат');
    expect(documentCaption({ title: 'Письмо', language: 'ru', createdAt, draftNumber: 'D-3', registration: { number: '01-13/9', registeredAt: createdAt } })).toBe(
      '№ 01-13/9 от 24.11.2026 — Письмо',
    );
  });
});
