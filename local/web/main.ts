/** The local console page: synthetic shadow (so SLDS styles reach every component, as in an org), then the shell. */
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import App from 'console/app';

const root = document.getElementById('console-root');
if (root) root.appendChild(createElement('console-app', { is: App }));
