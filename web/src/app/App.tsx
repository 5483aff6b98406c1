// The app shell: side bar, client routes (each screen loads on demand), the shared chat engine and the theme.
import { Suspense, lazy, useEffect, useRef } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { EngineProvider, type LoadedModel } from './engine';
import { Sidebar } from './Sidebar';
import { UpdatePrompt } from './UpdatePrompt';
import { useTheme } from './theme';
import { useSettings, useStoredSettings } from './use-settings';
import { characters, settingsStore } from './stores';
import { useEngine } from './engine';
import { Home } from './Home';
import { NotFound } from './NotFound';

const CharacterLibrary = lazy(() => import('../features/characters/CharacterLibrary'));
const CharacterPage = lazy(() => import('../features/characters/CharacterPage'));
const CharacterEditor = lazy(() => import('../features/characters/CharacterEditor'));
const ChatScreen = lazy(() => import('../features/chats/ChatScreen'));
const SettingsScreen = lazy(() => import('../features/settings/SettingsScreen'));
const VoicesScreen = lazy(() => import('../features/voices/VoicesScreen'));
const ModelsScreen = lazy(() => import('../features/models/ModelsScreen'));

/** The model used last loads again on the next visit, without asking (once per page). */
function LoadLastModel() {
  const stored = useStoredSettings();
  const engine = useEngine();
  const tried = useRef(false);
  useEffect(() => {
    if (tried.current || !stored || engine.status !== 'idle') return;
    tried.current = true;
    const last = stored.lastModel;
    if (last) void engine.load(last);
  }, [stored, engine]);
  return null;
}

function Screens() {
  return (
    <Suspense fallback={<p className="screen-loading muted">Loading…</p>}>
      <Switch>
        <Route path="/" component={Home} />
        <Route path="/characters" component={CharacterLibrary} />
        <Route path="/characters/new">{() => <CharacterEditor />}</Route>
        <Route path="/characters/:id/edit">{(params) => <CharacterEditor id={params.id} />}</Route>
        <Route path="/characters/:id">{(params) => <CharacterPage id={params.id} />}</Route>
        <Route path="/chat/:id">{(params) => <ChatScreen key={params.id} chatId={params.id} />}</Route>
        <Route path="/settings" component={SettingsScreen} />
        <Route path="/voices" component={VoicesScreen} />
        <Route path="/models" component={ModelsScreen} />
        <Route path="/index.html">
          <Redirect to="/" replace />
        </Route>
        <Route component={NotFound} />
      </Switch>
    </Suspense>
  );
}

export function App() {
  const settings = useSettings();
  useTheme(settings.theme);
  useEffect(() => {
    // A new user finds a character to talk to at once.
    void characters().ensureStarter();
  }, []);
  const remember = (model: LoadedModel) => void settingsStore().updateSettings({ lastModel: model });
  return (
    <EngineProvider onLoaded={remember}>
      <LoadLastModel />
      <div className="shell">
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <Sidebar />
        <main id="main" className="screen" tabIndex={-1}>
          <Screens />
        </main>
        <UpdatePrompt />
      </div>
    </EngineProvider>
  );
}
