/** /api/reports/records: execution discipline, documents by type and journal, control status, registrations — JSON, XLSX, PDF. */
import type { RouteKit } from '../route-kit';
import type { RecordsReportService } from '../services/records-report-service';
import { z } from '../../domain/zod';

const READERS = ['controller', 'registrar', 'administrator', 'auditor'] as const;
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'no such date');
/** A period of whole days in Astana time: from the start of `from` to the end of `to`. */
const period = z
  .object({ from: day, to: day, language: z.enum(['kk', 'ru']).default('kk') })
  .strict()
  .superRefine((v, ctx) => {
    if (v.from > v.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  });
const astanaStart = (d: string) => new Date(Date.parse(`${d}T00:00:00+05:00`));
const astanaEnd = (d: string) => new Date(Date.parse(`${d}T00:00:00+05:00`) + 24 * 3600_000);

const counts = { onTime: z.number(), late: z.number(), overdue: z.number(), inWork: z.number() };
const reportSchema = z
  .object({
    period: z.object({ from: z.string(), to: z.string() }),
    discipline: z.object({
      byUnit: z.array(z.object({ unitId: z.string(), ...counts })),
      byExecutor: z.array(z.object({ employeeId: z.string(), unitId: z.string(), ...counts })),
      total: z.object(counts),
    }),
    documentsByType: z.array(z.object({ type: z.string(), count: z.number() })),
    documentsByJournal: z.array(z.object({ journal: z.string(), count: z.number() })),
    control: z.object({ open: z.number(), overdue: z.number(), executed: z.number(), removed: z.number() }),
    registrationsByMonth: z.array(z.object({ month: z.string(), journal: z.string(), count: z.number() })),
    names: z.record(z.record(z.unknown())),
  })
  .openapi('RecordsReport');

export function mountRecordsReportRoutes(route: RouteKit, reports: RecordsReportService): void {
  route(
    {
      method: 'get',
      path: '/api/reports/records',
      summary: 'Execution discipline per unit and executor (on time, late, overdue, in work), documents by type and journal, control status, registrations by month, for a period',
      tags: ['reports'],
      roles: READERS,
      query: period,
      response: { description: 'The report', schema: reportSchema },
    },
    async ({ query }) => reports.report(astanaStart(query.from), astanaEnd(query.to)),
  );
  route(
    {
      method: 'get',
      path: '/api/reports/records.xlsx',
      summary: 'The records report as an Excel workbook (one sheet per table)',
      tags: ['reports'],
      roles: READERS,
      query: period,
      response: { description: 'XLSX', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', schema: z.string().openapi({ format: 'binary' }) },
    },
    async ({ query, res }) => {
      const bytes = await reports.xlsx(astanaStart(query.from), astanaEnd(query.to), query.language);
      res.status(200).setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', `attachment; filename="records-report-${query.from}-${query.to}.xlsx"`);
      res.end(bytes);
    },
  );
  route(
    {
      method: 'get',
      path: '/api/reports/records.pdf',
      summary: 'The records report as PDF',
      tags: ['reports'],
      roles: READERS,
      query: period,
      response: { description: 'PDF', contentType: 'application/pdf', schema: z.string().openapi({ format: 'binary' }) },
    },
    async ({ query, res }) => {
      const bytes = await reports.pdf(astanaStart(query.from), astanaEnd(query.to), query.language);
      res.status(200).setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', `attachment; filename="records-report-${query.from}-${query.to}.pdf"`);
      res.end(bytes);
    },
  );
}
