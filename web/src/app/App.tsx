// The app shell: header, device panel, chat, and the areas later features (voice, avatar) plug into.
import { AccountPanel } from '../features/account/AccountPanel';
import { CapabilitiesPanel } from '../features/capabilities/CapabilitiesPanel';
import { chooseLlmEngine } from '../features/capabilities/choose-engine';
import { useDeviceCapabilities } from '../features/capabilities/use-device-capabilities';
import { ChatPanel } from '../features/chat/ChatPanel';
import { ServerStatus } from '../features/server-status/ServerStatus';
import { useServerHealth } from '../features/server-status/use-server-health';
import { ClonedVoicesSection } from '../features/voice/ClonedVoicesSection';
import { UpdatePrompt } from './UpdatePrompt';

export function App() {
  const health = useServerHealth();
  const caps = useDeviceCapabilities();
  const choice = caps ? chooseLlmEngine(caps, { serverAvailable: health.state === 'online' }) : null;
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
        {/* Mounted once the engine is known, so the picker starts on the recommended engine. */}
        {choice && <ChatPanel recommended={choice.engine} caps={caps} />}
        <ClonedVoicesSection />
        <AccountPanel serverOnline={health.state === 'online'} />
        <CapabilitiesPanel caps={caps} choice={choice} />
      </main>
      <UpdatePrompt />
    </div>
  );
}
