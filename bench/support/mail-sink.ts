/**
 * The routes benchmark's mail server (BENCH_MAIL=1), in a process of its own: the embedded mail catcher
 * (client/servers/mail-catcher.ts) stands in for the organisation's SMTP server on another machine, so its
 * parsing of every message is not counted as Qujat's CPU.
 *
 *   node scripts/run-ts.cjs bench/support/mail-sink.ts
 * Prints `ready <smtp port>` once it listens; on SIGTERM prints `caught <messages>` and stops.
 */
import { startMailCatcher } from '../../client/servers/mail-catcher';

async function main(): Promise<void> {
  const catcher = await startMailCatcher();
  console.log(`ready ${catcher.smtpPort}`);
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  console.log(`caught ${catcher.messages().length}`);
  await catcher.stop();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
