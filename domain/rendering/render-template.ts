/**
 * Fills a template with data. Templates run in handlebars' strict mode, so a field the data lacks is an
 * error, never an empty gap in a letter; the manifest's required fields are checked first so the
 * error names the field in the card's terms. HTML and DOCX output escape every value (handlebars'
 * escaping is XML-safe too); the TXT layout is not markup and is not escaped.
 */
import Handlebars from 'handlebars';
import { astanaDateLabel, astanaDateTimeLabel } from '../journals/document-caption';
import type { TemplateCatalog, TemplateFile, TemplateFormat, TemplateLanguage } from './template-catalog';

/** The data cannot fill the template: a missing or malformed field. Retrying will not help. */
export class TemplateDataError extends Error {
  override readonly name = 'TemplateDataError';
  constructor(
    message: string,
    readonly template: { key: string; version: number; language: string; format: string },
    readonly field?: string,
  ) {
    super(message);
  }
}

const hbs = Handlebars.create();
hbs.registerHelper('date', (value: unknown) => (value instanceof Date || typeof value === 'string' ? astanaDateLabel(new Date(value)) : ''));
hbs.registerHelper('datetime', (value: unknown) => (value instanceof Date || typeof value === 'string' ? astanaDateTimeLabel(new Date(value)) : ''));
hbs.registerHelper('join', (items: unknown, separator: unknown) => (Array.isArray(items) ? items.join(typeof separator === 'string' ? separator : ', ') : ''));

const compiled = new Map<string, HandlebarsTemplateDelegate>();

function valueAt(data: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), data);
}

export interface RenderedTemplate {
  text: string;
  template: { key: string; version: number; language: TemplateLanguage; format: TemplateFormat };
}

export function renderTemplate(
  catalog: TemplateCatalog,
  request: { key: string; language: TemplateLanguage; format: TemplateFormat; version?: number },
  data: Record<string, unknown>,
): RenderedTemplate {
  const file: TemplateFile = catalog.resolve(request.key, request.language, request.format, request.version);
  const id = { key: file.key, version: file.version, language: file.language, format: file.format };
  for (const field of catalog.manifest(file.key).required) {
    const value = valueAt(data, field);
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
      throw new TemplateDataError(`Template "${file.key}" v${file.version} needs "${field}", which the document does not provide.`, id, field);
    }
  }
  let template = compiled.get(file.file);
  if (!template) {
    template = hbs.compile(file.source, { strict: true, noEscape: file.format === 'txt' });
    compiled.set(file.file, template);
  }
  try {
    return { text: template(data), template: id };
  } catch (error) {
    const message = (error as Error).message;
    const missing = /"([^"]+)" not defined/.exec(message)?.[1];
    throw new TemplateDataError(
      missing
        ? `Template "${file.key}" v${file.version} (${file.language}, ${file.format}) uses "${missing}", which its data does not have.`
        : `Template "${file.key}" v${file.version} (${file.language}, ${file.format}) failed: ${message}`,
      id,
      missing,
    );
  }
}
