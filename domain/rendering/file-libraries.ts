/**
 * The libraries that write files for download — spreadsheets (exceljs), PDFs (pdfkit, with fontkit and its
 * font tables) and zips (jszip) — are loaded when the first such file is written, not when a module that can
 * write one is imported. With their dependencies they are ≈ 700 modules, ≈ 14 MB of heap and ≈ 23 MB resident
 * in every process that imports the API or the activities (`npm start`, the worker, the replay tools), and most
 * of those processes never write a report, a letter or an archive package. `require` caches: the second call
 * costs a lookup.
 */
import type * as ExcelJS from 'exceljs';
import type JSZip from 'jszip';
import type PDFDocument from 'pdfkit';

/* eslint-disable @typescript-eslint/no-require-imports -- loading on first use is the point of this module */
export const excelJs = (): typeof ExcelJS => require('exceljs') as typeof ExcelJS;
export const jsZip = (): typeof JSZip => require('jszip') as typeof JSZip;
export const pdfKit = (): typeof PDFDocument => require('pdfkit') as typeof PDFDocument;
/* eslint-enable @typescript-eslint/no-require-imports */
