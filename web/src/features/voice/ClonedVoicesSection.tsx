// The Cloned voices panel on the first page: a short explanation and a button; the real section loads on demand
// (sample checks, Dexie records, the XTTS client), so the first page stays light.
import { Suspense, lazy, useState } from 'react';

const ClonedVoices = lazy(() => import('./ClonedVoices'));

export function ClonedVoicesSection() {
  const [open, setOpen] = useState(false);
  return (
    <section className="panel cloned-voices" aria-labelledby="cloned-voices-heading">
      <h2 id="cloned-voices-heading">Cloned voices</h2>
      {open ? (
        <Suspense fallback={<p className="muted">Loading…</p>}>
          <ClonedVoices />
        </Suspense>
      ) : (
        <>
          <p>
            Give your companion a voice of its own, cloned on this device from 5-10 seconds of clear speech with XTTS-v2 (a download of about 1 GB; its
            weights are licensed for non-commercial use only).
          </p>
          <button type="button" onClick={() => setOpen(true)}>
            Set up cloned voices
          </button>
        </>
      )}
    </section>
  );
}
