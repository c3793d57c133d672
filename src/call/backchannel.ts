// Short acknowledgements a caller makes while listening. They must not cut the assistant off.
const BACKCHANNELS = new Set([
  'mm',
  'mhm',
  'mm-hm',
  'mmhm',
  'mm hm',
  'uh-huh',
  'uh huh',
  'uhhuh',
  'ok',
  'okay',
  'yeah',
  'yep',
  'yes',
  'right',
  'sure',
  'got it',
  'i see',
  'cool',
  'alright',
  'all right',
  'hmm',
  'ah',
  'oh',
  'uh',
  'um',
]);

export function isBackchannel(text: string): boolean {
  const norm = text
    .toLowerCase()
    .replace(/[.,!?]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!norm) return true;
  if (BACKCHANNELS.has(norm)) return true;
  // "okay okay", "yeah yeah": repeated acknowledgements.
  const words = norm.split(' ');
  return words.length <= 3 && words.every((w) => BACKCHANNELS.has(w));
}
