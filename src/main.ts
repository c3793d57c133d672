// Entry point: configuration → runtime → server; SIGTERM drains.
import { loadConfig, ConfigError } from './config.ts';
import { createRuntime } from './bootstrap.ts';
import { configureLog, flushLog, log } from './log.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  configureLog({ level: config.env.LOG_LEVEL, region: config.env.REGION });
  const app = await createRuntime(config);
  const running = app.listen({ port: config.env.PORT, hostname: config.env.HOST });
  log.info('listening', {
    url: running.url,
    dashboard: `${running.url}/dashboard`,
    port: running.port,
    region: config.env.REGION,
    providers: app.rt.providers.describe(),
  });
  flushLog();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('draining', { signal, activeCalls: app.rt.registry.liveCount, drainSeconds: config.env.DRAIN_SECONDS });
    try {
      await running.drain(config.env.DRAIN_SECONDS);
      await running.stop();
      await app.close();
      log.info('stopped');
    } catch (e) {
      log.error('shutdown failed', { error: e });
    } finally {
      flushLog();
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('unhandledRejection', (e) => log.error('unhandled rejection', { error: e }));
  process.on('uncaughtException', (e) => log.error('uncaught exception', { error: e }));
}

await main();
