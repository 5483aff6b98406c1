// Card files above this size are parsed in a worker (a CHARX with images, an APNG portrait); smaller ones in place.
export const WORKER_THRESHOLD_BYTES = 512 * 1024;
