import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DiagnosticsPage } from './DiagnosticsPage';
import '../styles.css';

createRoot(document.getElementById('root')!).render(<StrictMode><DiagnosticsPage /></StrictMode>);
