// Before a download: is there room for it, and can the browser be asked not to evict it?

export interface StorageManagerLike {
  estimate(): Promise<{ quota?: number; usage?: number }>;
  persisted?(): Promise<boolean>;
  persist?(): Promise<boolean>;
}

export interface StorageVerdict {
  ok: boolean;
  freeBytes: number | null;
  persisted: boolean;
  message: string | null;
}

/** Keeps a margin: browsers count cached responses with padding, and a download that fills the quota fails at 97%. */
const MARGIN = 1.1;

export async function prepareStorageFor(bytes: number | null, storage: StorageManagerLike | undefined): Promise<StorageVerdict> {
  if (!storage) return { ok: true, freeBytes: null, persisted: false, message: null };
  let persisted = (await storage.persisted?.().catch(() => false)) ?? false;
  if (!persisted && storage.persist) persisted = await storage.persist().catch(() => false);
  const estimate = await storage.estimate().catch(() => null);
  if (!estimate || estimate.quota === undefined || bytes === null) return { ok: true, freeBytes: null, persisted, message: null };
  const free = estimate.quota - (estimate.usage ?? 0);
  if (free < bytes * MARGIN) {
    return {
      ok: false,
      freeBytes: free,
      persisted,
      message: `This model needs about ${formatMb(bytes)} but the browser allows only ${formatMb(free)} more. Free space on the device, remove another model, or choose a smaller one.`,
    };
  }
  return { ok: true, freeBytes: free, persisted, message: null };
}

function formatMb(bytes: number): string {
  return `${Math.max(0, Math.round(bytes / 1024 / 1024))} MB`;
}
