// Detects the device's capabilities once per page, for the device panel and the chat's engine default.
import { useEffect, useState } from 'react';
import { detectCapabilities, type DeviceCapabilities, type NavigatorLike } from './detect';

export function useDeviceCapabilities(): DeviceCapabilities | null {
  const [caps, setCaps] = useState<DeviceCapabilities | null>(null);
  useEffect(() => {
    let cancelled = false;
    void detectCapabilities({
      navigator: navigator as unknown as NavigatorLike,
      isSecureContext: window.isSecureContext,
      crossOriginIsolated: window.crossOriginIsolated,
    }).then((result) => {
      if (!cancelled) setCaps(result);
    });
    return () => {
      cancelled = true;
    };
  }, []);
  return caps;
}
