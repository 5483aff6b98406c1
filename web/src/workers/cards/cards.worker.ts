// Reads large character card files off the main thread: inflating a CHARX or decoding a big PNG's text chunks
// takes long enough to freeze the page.
import * as Comlink from 'comlink';
import { readAny } from '@companion/core/cards';
import { importError } from '../../db/card-files';
import { installCodedErrorTransfer } from '../comlink-errors';

installCodedErrorTransfer();

const api = {
  /** Core's reader; a failure comes back as the coded IMPORT_* error naming the file. */
  read(bytes: Uint8Array, fileName: string) {
    try {
      return readAny(bytes);
    } catch (e) {
      throw importError(e, fileName);
    }
  },
};

export type CardsWorkerApi = typeof api;
Comlink.expose(api);
