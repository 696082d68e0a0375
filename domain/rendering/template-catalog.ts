/**
 * The handlebars templates in templates/: one folder per template, one file per version, language and
 * output format, named `<key>.v<version>.<language>.<format>.hbs` (e.g. `cover-letter.v2.kk.docx.hbs`),
 * and a `manifest.json` with the template's title and the data fields every version needs.
 * A designer adds a version by adding files with the next number; the newest version that has the
 * requested language and format is used unless a version is asked for. Files are read once.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

export const TEMPLATE_LANGUAGES = ['kk', 'ru'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];
/** docx: the body of word/document.xml; html: a page; txt: the line layout the PDF writer reads. */
export const TEMPLATE_FORMATS = ['docx', 'html', 'txt'] as const;
export type TemplateFormat = (typeof TEMPLATE_FORMATS)[number];

export interface TemplateManifest {
  title: { kk: string; ru: string };
  description?: string;
  /** Dotted paths that must be present (not null) in the data; checked before rendering. */
  required: string[];
  /** Optional notes per version, e.g. {"2": {"publishedAt": "2026-12-01", "note": "new letterhead"}}. */
  versions?: Record<string, { publishedAt?: string; note?: string }>;
}

export interface TemplateFile {
  key: string;
  version: number;
  language: TemplateLanguage;
  format: TemplateFormat;
  file: string;
  source: string;
}

export interface TemplateSummary {
  key: string;
  title: { kk: string; ru: string };
  description?: string;
  required: string[];
  latestVersion: number;
  versions: Array<{ version: number; languages: TemplateLanguage[]; formats: TemplateFormat[]; publishedAt?: string; note?: string }>;
}

/** A template that does not exist, or a templates folder that breaks the naming rules. */
export class TemplateNotFoundError extends Error {
  override readonly name = 'TemplateNotFoundError';
}

const FILE_NAME = /^([a-z][a-z0-9-]*)\.v(\d+)\.(kk|ru)\.(docx|html|txt)\.hbs$/;

export const DEFAULT_TEMPLATES_DIR = path.resolve(__dirname, '../../templates');

export function loadTemplateCatalog(dir: string = DEFAULT_TEMPLATES_DIR) {
  const manifests = new Map<string, TemplateManifest>();
  const files: TemplateFile[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = path.join(dir, entry.name);
    const manifestPath = path.join(folder, 'manifest.json');
    const names = readdirSync(folder).filter((n) => n.endsWith('.hbs'));
    if (names.length === 0) continue; // not a handlebars template folder (e.g. agreement texts)
    if (!existsSync(manifestPath)) throw new TemplateNotFoundError(`Template folder ${entry.name} has no manifest.json`);
    manifests.set(entry.name, JSON.parse(readFileSync(manifestPath, 'utf8')) as TemplateManifest);
    for (const name of names) {
      const match = FILE_NAME.exec(name);
      if (!match || match[1] !== entry.name) {
        throw new TemplateNotFoundError(`templates/${entry.name}/${name} does not follow <key>.v<version>.<kk|ru>.<docx|html|txt>.hbs`);
      }
      files.push({
        key: match[1],
        version: Number(match[2]),
        language: match[3] as TemplateLanguage,
        format: match[4] as TemplateFormat,
        file: path.join(folder, name),
        source: readFileSync(path.join(folder, name), 'utf8'),
      });
    }
  }

  function manifest(key: string): TemplateManifest {
    const found = manifests.get(key);
    if (!found) throw new TemplateNotFoundError(`No template "${key}"`);
    return found;
  }

  /** The requested version, or the newest one that exists in this language and format. */
  function resolve(key: string, language: TemplateLanguage, format: TemplateFormat, version?: number): TemplateFile {
    manifest(key);
    const candidates = files.filter((f) => f.key === key && f.language === language && f.format === format && (version === undefined || f.version === version));
    if (candidates.length === 0) {
      throw new TemplateNotFoundError(`Template "${key}"${version ? ` v${version}` : ''} has no ${format} version in ${language}`);
    }
    return candidates.reduce((a, b) => (b.version > a.version ? b : a));
  }

  function list(): TemplateSummary[] {
    return [...manifests.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, m]) => {
        const own = files.filter((f) => f.key === key);
        const versions = [...new Set(own.map((f) => f.version))].sort((a, b) => a - b);
        return {
          key,
          title: m.title,
          description: m.description,
          required: m.required,
          latestVersion: versions[versions.length - 1],
          versions: versions.map((version) => {
            const of = own.filter((f) => f.version === version);
            return {
              version,
              languages: [...new Set(of.map((f) => f.language))].sort(),
              formats: [...new Set(of.map((f) => f.format))].sort(),
              ...m.versions?.[String(version)],
            };
          }),
        };
      });
  }

  return { manifest, resolve, list };
}

export type TemplateCatalog = ReturnType<typeof loadTemplateCatalog>;
