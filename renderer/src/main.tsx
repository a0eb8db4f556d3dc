import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { createDefaultClient } from './client';

const container = document.getElementById('root');
if (!container) throw new Error('Loupe’s page is missing its #root element.');

createRoot(container).render(
  <StrictMode>
    <App client={createDefaultClient()} />
  </StrictMode>,
);
