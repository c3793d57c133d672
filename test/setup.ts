// Test preload: structured logs are silent unless TEST_LOGS=1 (tests assert on behaviour, not logs).
import { configureLog } from '../src/log.ts';

if (process.env.TEST_LOGS !== '1') configureLog({ sink: () => undefined });
