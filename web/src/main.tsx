// Det Fælles Designsystem's stylesheet first, so the application's own CSS (style.css, loaded after) adds to it.
import 'dkfds-css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './style.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
