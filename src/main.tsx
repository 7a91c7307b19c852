import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, startModelLoad } from './app/App';
import { OfflineStatus } from './app/OfflineStatus';
import { startOfflineSupport } from './app/offline';
import { applyTheme, readThemeSetting } from './app/theme';
import './app/app.css';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('expected an element #root in index.html, got none');
applyTheme(readThemeSetting());
startOfflineSupport();
// the model loads while the page renders
startModelLoad();
createRoot(rootElement).render(
  <StrictMode>
    <App />
    <OfflineStatus />
  </StrictMode>,
);
