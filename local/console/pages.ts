/** The local console's two HTML pages: sign-in (who are you in this browser tab) and the console itself. */
import type { LocalService } from '../../service/src/createService';

export interface ConsoleSession {
    userId: string;
    name: string;
    username: string;
    role: 'agent' | 'supervisor';
    customPermissions: string[];
    timeZone: string;
    locale: string;
    phoneUrl: string;
}

function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function shell(title: string, body: string, head = ''): string {
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/assets/styles/salesforce-lightning-design-system.min.css">
${head}
</head>
<body>
${body}
</body>
</html>
`;
}

export function signInPage(service: LocalService): string {
    const users = service.users();
    const rows = users.agents.map((a) => {
        const reject = service.org.hasCustomPermission(a.userId, 'SMS_Reject_Offers')
            ? 'may reject offers'
            : 'cannot reject offers';
        return `<li class="slds-item"><a class="slds-button slds-button_neutral" href="/console?as=${encodeURIComponent(
            a.userId
        )}" target="_blank" data-user="${escapeHtml(a.username)}">${escapeHtml(a.name)}</a> <span class="slds-text-color_weak">agent, ${reject}</span></li>`;
    });
    if (users.supervisor) {
        rows.push(
            `<li class="slds-item"><a class="slds-button slds-button_neutral" href="/console?as=${encodeURIComponent(
                users.supervisor.userId
            )}" target="_blank" data-user="${escapeHtml(users.supervisor.username)}">${escapeHtml(
                users.supervisor.name
            )}</a> <span class="slds-text-color_weak">supervisor</span></li>`
        );
    }
    return shell(
        'SMS Agent Console — sign in',
        `<main class="slds-p-around_large">
<h1 class="slds-text-heading_large slds-m-bottom_medium">SMS Agent Console (local)</h1>
<p class="slds-m-bottom_medium">Sign in as one person per browser tab; each link opens a new tab, so several people can work at once.</p>
<ul class="slds-has-dividers_bottom-space">${rows.join('\n')}</ul>
<p class="slds-m-top_large">Customers: <a href="${escapeHtml(service.simulator.url)}" target="_blank" rel="noopener">the customer phone</a>.</p>
</main>`
    );
}

export function consolePage(session: ConsoleSession): string {
    const inline = JSON.stringify(session).replace(/</g, '\\u003c');
    return shell(
        `SMS Agent Console — ${session.name}`,
        `<div id="console-root"></div>
<script>window.__localSession = ${inline};</script>
<script type="module" src="/console/app.js"></script>`
    );
}
