import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

// Placeholder shell: the app (src/app) replaces this component.
function Placeholder() {
  return <h1>Korean NER</h1>;
}

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('expected an element #root in index.html, got none');
createRoot(rootElement).render(
  <StrictMode>
    <Placeholder />
  </StrictMode>,
);
