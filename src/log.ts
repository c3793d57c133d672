// Structured JSON-line logging. Writes are buffered and flushed on a timer so a log call on a
// live call costs a string append, never a syscall on the audio path.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let minLevel: number = LEVELS[(process.env.LOG_LEVEL as LogLevel | undefined) ?? 'info'] ?? LEVELS.info;
let region: string | undefined = process.env.REGION;
let buffer: string[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;
let sink: (chunk: string) => void = (chunk) => process.stdout.write(chunk);

export function configureLog(opts: { level?: LogLevel; region?: string; sink?: (chunk: string) => void }): void {
  if (opts.level) minLevel = LEVELS[opts.level];
  if (opts.region !== undefined) region = opts.region;
  if (opts.sink) sink = opts.sink;
}

/** Keeps the country code and last two digits: enough to correlate, not enough to call. */
export function maskPhone(phone: string | null | undefined): string | undefined {
  if (!phone) return undefined;
  const digits = phone.replace(/[^\d+]/g, '');
  if (digits.length <= 4) return '***';
  const keep = digits.startsWith('+') ? 2 : 0;
  return digits.slice(0, keep) + '*'.repeat(Math.max(0, digits.length - keep - 2)) + digits.slice(-2);
}

const SECRET_KEY = /(token|secret|password|api[_-]?key|authorization)/i;

function scrub(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) {
    if (SECRET_KEY.test(k)) out[k] = '[redacted]';
    else if (v instanceof Error) out[k] = { name: v.name, message: v.message };
    else out[k] = v;
  }
  return out;
}

export function flushLog(): void {
  if (timer) {
    clearTimeout(timer);
    timer = null;
  }
  if (buffer.length === 0) return;
  const chunk = buffer.join('');
  buffer = [];
  sink(chunk);
}

function write(level: LogLevel, msg: string, fields: LogFields): void {
  if (LEVELS[level] < minLevel) return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...(region ? { region } : {}), ...scrub(fields) });
  buffer.push(line + '\n');
  if (level === 'error' || buffer.length > 256) flushLog();
  else if (!timer) timer = setTimeout(flushLog, 50);
}

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export function createLogger(base: LogFields = {}): Logger {
  return {
    debug: (msg, f = {}) => write('debug', msg, { ...base, ...f }),
    info: (msg, f = {}) => write('info', msg, { ...base, ...f }),
    warn: (msg, f = {}) => write('warn', msg, { ...base, ...f }),
    error: (msg, f = {}) => write('error', msg, { ...base, ...f }),
    child: (f) => createLogger({ ...base, ...f }),
  };
}

export const log = createLogger();
