/** The live-connection worker: the Deribit WebSocket, JSON parsing and snapshot building stay off the page's thread. */
import { expose } from 'comlink';
import { browserSocketFactory } from '../live/browserSocket.ts';
import { createLiveWorkerApi } from './liveWorkerApi.ts';

expose(createLiveWorkerApi({ socketFactory: browserSocketFactory }));
