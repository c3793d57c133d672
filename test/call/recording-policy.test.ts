// Recording is opt-in per org and refused in HIPAA mode unless the org explicitly allows it there;
// an org's folder name can never lead outside the recordings directory.
import { expect, test } from 'bun:test';
import { recordingPathFor, recordsCalls } from '../../src/call/recording-policy.ts';
import { SettingsPatch } from '../../src/api/settings-schema.ts';

const flags = (hipaaMode: boolean) => ({
  hipaaMode,
  emergencyHandling: false,
  vehicleInfo: false,
  preferredStylist: false,
});

test('off unless enabled; refused in HIPAA mode unless allowed there too', () => {
  expect(recordsCalls({ flags: flags(false) })).toBe(false);
  expect(recordsCalls({ flags: flags(false), recording: { enabled: true } })).toBe(true);
  expect(recordsCalls({ flags: flags(true), recording: { enabled: true } })).toBe(false);
  expect(recordsCalls({ flags: flags(true), recording: { enabled: true, allowInHipaaMode: true } })).toBe(true);
});

test('the file lives under the recordings directory, in the org folder it names', () => {
  const s = { flags: flags(false), recording: { enabled: true, dir: 'polar-air' } };
  expect(recordingPathFor('/rec', s, 'org1', 'call1')).toBe('/rec/polar-air/org1/call1.wav');
  const outside = { flags: flags(false), recording: { enabled: true, dir: '../../etc' } };
  expect(recordingPathFor('/rec', outside, 'org1', 'call1')).toBe('/rec/org1/call1.wav');
  expect(SettingsPatch.safeParse({ recording: { enabled: true, dir: '../x' } }).success).toBe(false);
  expect(SettingsPatch.safeParse({ recording: { enabled: true, dir: 'shop-1' } }).success).toBe(true);
});
