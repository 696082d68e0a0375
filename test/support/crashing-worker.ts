/**
 * A worker process that dies (SIGKILL, no cleanup) at a chosen point, for crash tests:
 *   QUJAT_CRASH_BEFORE_PROJECTION_OF=<event type>  dies inside recordTransition, before any write,
 *   the first time a transition carries that event.
 * Everything else is the production worker.
 */
import { loadConfig } from '../../config';
import { installSdkLogger, startWorker } from '../../worker';

const crashOn = process.env.QUJAT_CRASH_BEFORE_PROJECTION_OF;

const config = loadConfig();
installSdkLogger(config.logLevel);
startWorker(config, {
  decorateActivities: (activities) => ({
    ...activities,
    async recordTransition(input) {
      if (crashOn && input.events.some((e) => e.type === crashOn)) process.kill(process.pid, 'SIGKILL');
      return activities.recordTransition(input);
    },
  }),
}).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
