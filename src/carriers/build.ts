// The carriers configuration chose (the `carrier` kind of the provider registry): Twilio always,
// and every other configured one beside it, each on its own webhook and stream paths.
import type { Config } from '../config.ts';
import type { ProviderDeps } from '../providers/entry.ts';
import type { Carrier } from './types.ts';

export async function buildCarriers(config: Config, deps: ProviderDeps): Promise<Carrier[]> {
  const chosen = config.providers.carrier;
  const entries = [...(chosen.fallback ? [chosen.fallback] : []), ...chosen.active];
  const carriers = await Promise.all(entries.map((e) => e.create(config.env, deps)));
  const paths = carriers.flatMap((c) => [...c.webhookPaths, c.streamPath]);
  const clash = paths.find((p, i) => paths.indexOf(p) !== i);
  if (clash) throw new Error(`two carriers claim the path ${clash}`);
  return carriers;
}
