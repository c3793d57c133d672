// Answers to common questions, from the org's settings alone. They change only when the settings
// do, so each is a fixed phrase of the org (cacheable) rather than per-call text.
import type { OrgSettings, Weekday } from '../templates/types.ts';
import { DAYS, renderClock } from '../time/render-time.ts';

const DAY_NAMES: Record<Weekday, string> = DAYS;
const WEEK: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function hm(v: string): string {
  const [h, m] = v.split(':').map(Number);
  return renderClock(h ?? 0, m ?? 0);
}

/** "Monday to Friday 8 AM to 5 PM, Saturday 9 AM to 1 PM": consecutive days with equal hours are grouped. */
export function describeHours(settings: OrgSettings): string {
  const windows = (d: Weekday) => settings.businessHours[d].map((w) => `${hm(w.open)} to ${hm(w.close)}`).join(' and ');
  const groups: Array<{ from: Weekday; to: Weekday; text: string }> = [];
  for (const d of WEEK) {
    const text = windows(d);
    if (!text) continue;
    const last = groups[groups.length - 1];
    if (last && last.text === text && WEEK.indexOf(last.to) === WEEK.indexOf(d) - 1) last.to = d;
    else groups.push({ from: d, to: d, text });
  }
  if (groups.length === 0) return 'We don’t have regular opening hours at the moment.';
  const span = (g: { from: Weekday; to: Weekday }) => {
    if (g.from === g.to) return DAY_NAMES[g.from];
    const joiner = WEEK.indexOf(g.to) - WEEK.indexOf(g.from) === 1 ? 'and' : 'to';
    return `${DAY_NAMES[g.from]} ${joiner} ${DAY_NAMES[g.to]}`;
  };
  const parts = groups.map((g) => `${span(g)}, ${g.text}`);
  return `We’re open ${parts.join('; ')}.`;
}

function listAnd(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Every settings-derived answer, by phrase id. */
export function inquiryAnswers(settings: OrgSettings): Array<{ id: string; text: string }> {
  const priced = settings.services.filter((s) => s.price);
  const out = [
    { id: 'answerHours', text: describeHours(settings) },
    { id: 'answerServices', text: `We offer ${listAnd(settings.services.map((s) => s.name))}.` },
    {
      id: 'answerPrices',
      text:
        priced.length > 0
          ? `${listAnd(priced.map((s) => `${s.name} is ${s.price}`))}.`
          : 'Pricing depends on the job; we’ll give you a quote before any work.',
    },
    {
      id: 'answerAddress',
      text: settings.address
        ? `We’re at ${settings.address}.`
        : 'I don’t have our street address handy, but someone can text it to you.',
    },
  ];
  for (const [i, f] of settings.faq.entries()) out.push({ id: `faq:${i}`, text: f.answer });
  settings.services.forEach((s, i) => {
    if (s.price)
      out.push({ id: `price:${i}`, text: `${s.name} is ${s.price}, and it takes about ${s.durationMinutes} minutes.` });
  });
  return out;
}

const TOPIC_IDS: Record<string, string> = {
  hours: 'answerHours',
  services: 'answerServices',
  prices: 'answerPrices',
  address: 'answerAddress',
};

/**
 * The settings' answer to a question, or null: a FAQ entry (by its question or keywords in the
 * words) first, then the price of the service asked about, then the generic topic.
 */
export function answerFor(
  settings: OrgSettings,
  topic: string | undefined,
  words: string,
  service?: string,
): { id: string; text: string } | null {
  const answers = inquiryAnswers(settings);
  const lower = words.toLowerCase();
  const faqIndex = settings.faq.findIndex(
    // A keyword matches its plural too ("walk ins").
    (f) =>
      f.question.toLowerCase() === topic?.toLowerCase() ||
      f.keywords.some((k) => new RegExp(`\\b${escapeRe(k.toLowerCase())}(?:e?s)?\\b`).test(lower)),
  );
  const serviceIndex = settings.services.findIndex((s) => s.name.toLowerCase() === service?.toLowerCase());
  let id: string | undefined;
  if (faqIndex >= 0) id = `faq:${faqIndex}`;
  else if (serviceIndex >= 0 && (topic === 'prices' || !TOPIC_IDS[topic ?? ''])) id = `price:${serviceIndex}`;
  else id = topic ? TOPIC_IDS[topic] : undefined;
  return answers.find((a) => a.id === id) ?? null;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
