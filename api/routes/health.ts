/** GET /healthz: whether Temporal and the database answer. 200 when both do, 503 otherwise. */
import type { Client } from '@temporalio/client';
import type { Connection } from 'mongoose';
import type { RouteKit } from '../route-kit';
import { z } from '../../domain/zod';

const check = z.object({ ok: z.boolean(), detail: z.string().optional() });
const healthView = z.object({ ok: z.boolean(), temporal: check, mongodb: check }).openapi('Health');

async function probe(run: () => Promise<unknown>): Promise<z.infer<typeof check>> {
  try {
    await Promise.race([run(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 3 s')), 3000))]);
    return { ok: true };
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  }
}

export function mountHealthRoutes(route: RouteKit, deps: { temporal: Client; db: Connection }): void {
  route(
    {
      method: 'get',
      path: '/healthz',
      summary: 'Reachability of Temporal and MongoDB',
      tags: ['system'],
      response: { description: 'Health report (503 when a dependency is down)', schema: healthView },
    },
    async ({ res }) => {
      const [temporal, mongodb] = await Promise.all([
        probe(() => deps.temporal.workflowService.getSystemInfo({})),
        probe(() => deps.db.db!.admin().ping()),
      ]);
      const ok = temporal.ok && mongodb.ok;
      res.status(ok ? 200 : 503).json({ ok, temporal, mongodb });
      return undefined;
    },
  );
}
