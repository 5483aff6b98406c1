// Registers the service worker and offers a reload when a new version of the app is ready.
import { useEffect, useState } from 'react';

export function UpdatePrompt() {
  const [update, setUpdate] = useState<(() => Promise<void>) | null>(null);
  const [offlineReady, setOfflineReady] = useState(false);

  useEffect(() => {
    if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
    // Loaded late: the registration code is not needed to paint the first screen.
    void import('virtual:pwa-register').then(({ registerSW }) => {
      const updateSW = registerSW({
        onNeedRefresh: () => setUpdate(() => () => updateSW(true)),
        onOfflineReady: () => setOfflineReady(true),
      });
    });
  }, []);

  useEffect(() => {
    if (!offlineReady) return;
    const timer = setTimeout(() => setOfflineReady(false), 4000);
    return () => clearTimeout(timer);
  }, [offlineReady]);

  if (update) {
    return (
      <div className="toast update-toast" role="alert">
        A new version is ready. <button onClick={() => void update()}>Reload</button>
      </div>
    );
  }
  if (offlineReady)
    return (
      <div className="toast update-toast" role="status">
        Ready to work offline.
      </div>
    );
  return null;
}
