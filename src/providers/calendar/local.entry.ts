// The embedded calendar in the database: every org without another calendar uses it.
import { defineProvider } from '../entry.ts';
import { createLocalCalendar } from './local.ts';

export const localCalendar = defineProvider({
  kind: 'calendar',
  name: 'local',
  env: {},
  requires: [],
  create: (_env, deps) => createLocalCalendar(deps.db),
  describe: () => 'local',
});
