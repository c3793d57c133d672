// Answers to common questions, from the org's settings alone. They change only when the settings
// do, so each is a fixed phrase of the org (cacheable) rather than per-call text.
import type { OrgSettings, Weekday } from '../templates/types.ts';
import { renderClock } from './render-time.ts';

const DAY_NAMES: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};
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
      text: priced.length > 0 ? `${listAnd(priced.map((s) => `${s.name} is ${s.price}`))}.` : 'Pricing depends on the job; we’ll give you a quote before any work.',
    },
    {
      id: 'answerAddress',
      text: settings.address ? `We’re at ${settings.address}.` : 'I don’t have our street address handy, but someone can text it to you.',
    },
  ];
  settings.faq.forEach((f, i) => out.push({ id: `faq:${i}`, text: f.answer }));
  return out;
}

const TOPIC_IDS: Record<string, string> = { hours: 'answerHours', services: 'answerServices', prices: 'answerPrices', address: 'answerAddress' };

/** The settings' answer to a question (by NLU topic, else FAQ keywords in the words), or null. */
export function answerFor(settings: OrgSettings, topic: string | undefined, words: string): { id: string; text: string } | null {
  const answers = inquiryAnswers(settings);
  const byTopic = topic ? TOPIC_IDS[topic] : undefined;
  const lower = words.toLowerCase();
  const faqIndex = settings.faq.findIndex(
    (f) => f.question.toLowerCase() === topic?.toLowerCase() || f.keywords.some((k) => new RegExp(`\\b${k.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(lower)),
  );
  // A specific FAQ entry beats a generic topic ("do you charge for estimates" is a price question with its own answer).
  const id = faqIndex >= 0 ? `faq:${faqIndex}` : byTopic;
  return answers.find((a) => a.id === id) ?? null;
}
