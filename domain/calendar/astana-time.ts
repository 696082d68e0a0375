/**
 * Instants shown in Astana time (seed-004 ¶29). Stored times stay UTC; the zone database decides the offset,
 * so the 2024 move of all Kazakhstan to UTC+5 is applied to dates on either side of it (domain/calendar/astana-zone.ts).
 */
export { astanaIso } from './astana-zone';
