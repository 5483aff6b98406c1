// Shows what this device can run and which engine was chosen, with the reason in plain words.
import { formatBytes } from '../../lib/format-bytes';
import type { EngineChoice } from './choose-engine';
import type { DeviceCapabilities } from './detect';

export function CapabilitiesPanel({ caps, choice }: { caps: DeviceCapabilities | null; choice: EngineChoice | null }) {
  if (!caps || !choice) return <section className="panel" aria-busy="true">Checking this device…</section>;
  return (
    <section className="panel" aria-labelledby="device-heading">
      <h2 id="device-heading">This device</h2>
      <dl className="facts">
        <dt>WebGPU</dt>
        <dd data-testid="webgpu">
          {caps.webgpu.available
            ? `yes (${caps.webgpu.adapterName}${caps.webgpu.shaderF16 ? ', fp16' : ', no fp16'})`
            : `no: ${caps.webgpu.reason}`}
        </dd>
        <dt>Memory</dt>
        <dd>{caps.deviceMemoryGiB !== null ? `${caps.deviceMemoryGiB} GiB or more` : 'not reported by this browser'}</dd>
        <dt>Storage</dt>
        <dd>
          {caps.storage
            ? `${formatBytes(caps.storage.usageBytes)} used of ${formatBytes(caps.storage.quotaBytes)}${caps.storage.persisted ? ', persistent' : ''}`
            : 'unknown'}
        </dd>
      </dl>
      <p className="engine-choice" data-testid="engine-choice">
        Chat engine: <strong>{choice.engine}</strong>. {choice.reason}
      </p>
    </section>
  );
}
