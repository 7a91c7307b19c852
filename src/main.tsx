import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './app/app.css';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('expected an element #root in index.html, got none');
createRoot(rootElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
