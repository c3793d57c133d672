// SSML for Polly: escape text, wrap it, and small helpers for pauses and phone numbers.

export function escapeSsml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function speak(inner: string): string {
  return `<speak>${inner}</speak>`;
}

export function pause(ms: number): string {
  return `<break time="${Math.max(0, Math.round(ms))}ms"/>`;
}

export function phoneNumber(digits: string): string {
  return `<say-as interpret-as="telephone">${escapeSsml(digits)}</say-as>`;
}
