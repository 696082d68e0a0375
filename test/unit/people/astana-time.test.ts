import { astanaIso } from '../../../domain/calendar/astana-time';

describe('Astana time', () => {
  it('renders UTC instants in Astana time, UTC+5 since the 2024 change and UTC+6 before it', () => {
    expect(astanaIso(new Date('2026-11-23T12:05:09Z'))).toBe('2026-11-23T17:05:09+05:00');
    expect(astanaIso(new Date('2023-06-01T00:00:00Z'))).toBe('2023-06-01T06:00:00+06:00');
  });
});
