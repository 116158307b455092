import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DiagnosticsPage } from './DiagnosticsPage';

createRoot(document.getElementById('root')!).render(<StrictMode><DiagnosticsPage /></StrictMode>);
