import { expose } from 'comlink';
import { riskApi } from './riskApi.ts';

expose(riskApi);
