import { expose } from 'comlink';
import { riskApi } from './riskApi.ts';
import { testHooksApi } from './testHooksApi.ts';

// The e2e build adds its test hooks; in every other build the condition is the constant `false` and Vite drops them.
expose(import.meta.env.MODE === 'e2e' ? { ...riskApi, ...testHooksApi } : riskApi);
