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

/** A machine code is safe to log; anything else in an error may be caller data. */
const SAFE_CODE = /^[A-Z][A-Z0-9_]{1,63}$/;
const MAX_FRAMES = 12;
const MAX_CAUSES = 3;

export interface LoggedError {
  name: string;
  /** e.g. SQLITE_CONSTRAINT_FOREIGNKEY, ECONNREFUSED. */
  code?: string;
  status?: number;
  cause?: LoggedError;
  stack?: string[];
}

function safeCode(e: Error): string | undefined {
  const { extendedCode, code } = e as { extendedCode?: unknown; code?: unknown };
  for (const c of [extendedCode, code]) if (typeof c === 'string' && SAFE_CODE.test(c)) return c;
  return undefined;
}

/**
 * An error as a log line may show it: class, machine code, HTTP status and stack frames. Never
 * the message: database errors carry the SQL and its bound parameters (names, phone numbers),
 * and other errors may quote what a caller said.
 */
export function describeError(e: Error, depth = 0): LoggedError {
  const name = e.constructor?.name && e.constructor.name !== 'Error' ? e.constructor.name : e.name;
  const out: LoggedError = { name };
  const code = safeCode(e);
  if (code) out.code = code;
  const status = (e as { status?: unknown }).status;
  if (typeof status === 'number' && Number.isInteger(status)) out.status = status;
  const cause = (e as { cause?: unknown }).cause;
  if (cause instanceof Error && depth < MAX_CAUSES) out.cause = describeError(cause, depth + 1);
  // Frames only: the stack's first lines repeat the message (which may itself hold newlines).
  let stack = e.stack ?? '';
  const at = e.message ? stack.indexOf(e.message) : -1;
  if (at >= 0) stack = stack.slice(at + e.message.length);
  const frames = stack
    .split('\n')
    .filter((l) => /^\s*at\s/.test(l))
    .slice(0, MAX_FRAMES);
  if (frames.length > 0 && depth === 0) out.stack = frames.map((l) => l.trim());
  return out;
}

function scrub(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) {
    if (SECRET_KEY.test(k)) out[k] = '[redacted]';
    else if (v instanceof Error) out[k] = describeError(v);
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
  const line = JSON.stringify({
    t: new Date().toISOString(),
    level,
    msg,
    ...(region ? { region } : {}),
    ...scrub(fields),
  });
  buffer.push(`${line}\n`);
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
