/**
 * A local mail catcher for `npm start` and the tests: a real SMTP server (the `smtp-server` package) that
 * keeps every message it accepts (parsed with `mailparser`) and shows them in a browser on its own port:
 * `/` lists them, `/messages/<n>` shows one, `/api/messages` answers JSON (used by the tests).
 * Messages are kept in memory and, with `dir`, as .eml files that a restart reads back.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  id: number;
  receivedAt: string;
  /** Envelope sender and recipients, as the SMTP conversation gave them. */
  envelope: { from: string; to: string[] };
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId?: string;
  language?: string;
}

export interface MailCatcherOptions {
  host?: string;
  /** 0 = any free port. */
  smtpPort?: number;
  httpPort?: number;
  /** Keep messages as .eml files here, and read them back on start. */
  dir?: string;
  /** Share messages with an earlier catcher (a test that stops the server and starts it again). */
  store?: CaughtMail[];
}

export interface MailCatcher {
  smtpPort: number;
  httpPort: number;
  smtpUrl: string;
  webUrl: string;
  messages(): CaughtMail[];
  stop(): Promise<void>;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

async function parse(raw: Buffer, id: number, envelope: CaughtMail['envelope'], receivedAt: string): Promise<CaughtMail> {
  const parsed = await simpleParser(raw);
  const addr = (a: typeof parsed.from | typeof parsed.to) => (Array.isArray(a) ? a.map((x) => x.text).join(', ') : (a?.text ?? ''));
  return {
    id,
    receivedAt,
    envelope,
    from: addr(parsed.from),
    to: addr(parsed.to),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    messageId: parsed.messageId,
    language: parsed.headers.get('content-language')?.toString(),
  };
}

export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const host = options.host ?? '127.0.0.1';
  const store: CaughtMail[] = options.store ?? [];
  if (options.dir) {
    fs.mkdirSync(options.dir, { recursive: true });
    if (store.length === 0) {
      for (const file of fs.readdirSync(options.dir).filter((f) => f.endsWith('.eml')).sort()) {
        const id = Number(file.split('-')[0]);
        const raw = fs.readFileSync(path.join(options.dir, file));
        store.push(await parse(raw, id, { from: '', to: [] }, fs.statSync(path.join(options.dir, file)).mtime.toISOString()));
      }
    }
  }

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const id = (store.at(-1)?.id ?? 0) + 1;
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        parse(raw, id, envelope, new Date().toISOString())
          .then((mail) => {
            store.push(mail);
            if (options.dir) fs.writeFileSync(path.join(options.dir, `${String(id).padStart(6, '0')}-mail.eml`), raw);
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(options.smtpPort ?? 0, host, () => resolve());
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const web = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://catcher');
    if (url.pathname === '/api/messages') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(store));
      return;
    }
    const one = /^\/messages\/(\d+)$/.exec(url.pathname);
    if (one) {
      const mail = store.find((m) => m.id === Number(one[1]));
      if (!mail) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('No such message');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" });
      res.end(
        `<!doctype html><meta charset="utf-8"><title>${escapeHtml(mail.subject)}</title><p><a href="/">&larr;</a></p>` +
          `<table><tr><th align=left>From</th><td>${escapeHtml(mail.from)}</td></tr><tr><th align=left>To</th><td>${escapeHtml(mail.to)}</td></tr>` +
          `<tr><th align=left>Subject</th><td>${escapeHtml(mail.subject)}</td></tr><tr><th align=left>Received</th><td>${escapeHtml(mail.receivedAt)}</td></tr></table><hr>` +
          // The HTML part is shown sandboxed: no scripts, no requests out.
          (mail.html ? `<iframe sandbox srcdoc="${escapeHtml(mail.html)}" style="width:100%;height:60vh;border:1px solid #ccc"></iframe>` : `<pre>${escapeHtml(mail.text)}</pre>`),
      );
      return;
    }
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" });
      const rows = [...store]
        .reverse()
        .map((m) => `<tr><td>${escapeHtml(m.receivedAt)}</td><td>${escapeHtml(m.to)}</td><td><a href="/messages/${m.id}">${escapeHtml(m.subject)}</a></td></tr>`)
        .join('');
      res.end(`<!doctype html><meta charset="utf-8"><title>Qujat mail catcher</title><h1>Mail caught (${store.length})</h1><table cellpadding=4>${rows}</table>`);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    web.once('error', reject);
    web.listen(options.httpPort ?? 0, host, () => resolve());
  });
  const httpPort = (web.address() as AddressInfo).port;

  return {
    smtpPort,
    httpPort,
    smtpUrl: `smtp://${host}:${smtpPort}`,
    webUrl: `http://${host}:${httpPort}/`,
    messages: () => [...store],
    async stop() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => web.close(() => resolve()));
    },
  };
}
