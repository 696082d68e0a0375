/**
 * The card read started beside the session's: only for a caller with a token on a document's path, handed to
 * the gate once (a second read in the request reads afresh), and still there after the awaits between the
 * middleware and the gate.
 */
import express from 'express';
import request from 'supertest';
import { prefetchCard, takePrefetchedCard } from '../../../api/middleware/card-prefetch';

function appReading(reads: string[], fail = false) {
  const app = express();
  app.use(
    prefetchCard(async (id) => {
      reads.push(id);
      if (fail) throw new Error('database down');
      return { _id: id, title: `card ${id}` };
    }),
  );
  app.use(async (_req, _res, next) => {
    // Stands for the session's read: the gate runs after an await.
    await new Promise((resolve) => setTimeout(resolve, 5));
    next();
  });
  app.all(/.*/, async (req, res) => {
    const id = /^\/api\/documents\/([^/]+)/.exec(req.path)?.[1] ?? '';
    const first = takePrefetchedCard<{ title: string }>(id);
    const second = takePrefetchedCard<{ title: string }>(id);
    let card: { title: string } | string | undefined;
    try {
      card = first && (await first);
    } catch (error) {
      card = `failed: ${(error as Error).message}`;
    }
    res.json({ first: first ? 'prefetched' : 'none', second: second ? 'prefetched' : 'none', card });
  });
  return app;
}

it('reads the card of a document path beside the session, hands it over once', async () => {
  const reads: string[] = [];
  const res = await request(appReading(reads)).post('/api/documents/0b7c6a1e-5d2f-4c1b-9a7e-3f0d1c2b4a59/actions/approve').set('Authorization', 'Bearer x').expect(200);
  expect(res.body).toEqual({ first: 'prefetched', second: 'none', card: { _id: '0b7c6a1e-5d2f-4c1b-9a7e-3f0d1c2b4a59', title: 'card 0b7c6a1e-5d2f-4c1b-9a7e-3f0d1c2b4a59' } });
  expect(reads).toEqual(['0b7c6a1e-5d2f-4c1b-9a7e-3f0d1c2b4a59']);
});

it('reads nothing for an anonymous caller or a path that names no document', async () => {
  const reads: string[] = [];
  const app = appReading(reads);
  expect((await request(app).get('/api/documents/0b7c6a1e-5d2f-4c1b-9a7e-3f0d1c2b4a59').expect(200)).body.first).toBe('none');
  expect((await request(app).get('/api/journals/0b7c6a1e-5d2f').set('Authorization', 'Bearer x').expect(200)).body.first).toBe('none');
  expect((await request(app).get('/api/documents/x').set('Authorization', 'Bearer x').expect(200)).body.first).toBe('none');
  expect(reads).toEqual([]);
});

it('a failed read reaches the gate as its failure, and a request that never takes it leaves no unhandled rejection', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const reads: string[] = [];
    const res = await request(appReading(reads, true)).get('/api/documents/0b7c6a1e-5d2f-4c1b/history').set('Authorization', 'Bearer x').expect(200);
    expect(res.body.card).toBe('failed: database down');
    // Refused before the gate: the read is started and never awaited.
    const refusing = express();
    refusing.use(prefetchCard(async () => Promise.reject(new Error('database down'))));
    refusing.use((_req, res) => void res.status(401).end());
    await request(refusing).get('/api/documents/0b7c6a1e-5d2f-4c1b').set('Authorization', 'Bearer x').expect(401);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled).toEqual([]);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});
