import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { OfflineStatus } from './app/OfflineStatus';
import { startOfflineSupport } from './app/offline';
import { applyTheme, readThemeSetting } from './app/theme';
import './app/app.css';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('expected an element #root in index.html, got none');
applyTheme(readThemeSetting());
startOfflineSupport();
createRoot(rootElement).render(
  <StrictMode>
    <App />
    <OfflineStatus />
  </StrictMode>,
);
