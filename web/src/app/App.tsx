// The app shell: header, device panel and the areas later features (chat, voice, avatar) plug into.
import { CapabilitiesPanel } from '../features/capabilities/CapabilitiesPanel';
import { ServerStatus } from '../features/server-status/ServerStatus';
import { useServerHealth } from '../features/server-status/use-server-health';
import { UpdatePrompt } from './UpdatePrompt';

export function App() {
  const health = useServerHealth();
  return (
    <div className="app">
      <header className="app-header">
        <h1>Companion</h1>
        <ServerStatus health={health} />
      </header>
      <main className="app-main">
        <section className="panel intro">
          <h2>Your companion, on your device</h2>
          <p>Chat, voice and avatar run locally in this browser. Nothing leaves this device unless you turn on sync.</p>
        </section>
        <CapabilitiesPanel serverAvailable={health.state === 'online'} />
      </main>
      <UpdatePrompt />
    </div>
  );
}
