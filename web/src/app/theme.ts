// Applies the theme setting to the document: system (follows the OS), light or dark.
import { useEffect } from 'react';
import type { ThemeChoice } from '../db/records';

export function useTheme(theme: ThemeChoice) {
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}
