/* global document, window, EventSource */
'use strict';
// The customer-phone page: pick a customer number and a company number, send texts, and see the
// company's replies arrive live (server-sent events, or polling where they are unavailable),
// each with its delivery status.
(function () {
    const customerInput = document.getElementById('customer');
    const companyInput = document.getElementById('company');
    const companyList = document.getElementById('company-numbers');
    const list = document.getElementById('messages');
    const empty = document.getElementById('empty');
    const composer = document.getElementById('composer');
    const bodyInput = document.getElementById('body');
    const sendButton = document.getElementById('send');
    const errorBox = document.getElementById('error');
    const messages = new Map();

    const STATUS_TEXT = {
        queued: 'Sending…',
        sending: 'Sending…',
        sent: 'Sent',
        delivered: 'Delivered',
        undelivered: 'Not delivered',
        failed: 'Failed'
    };

    function showError(text) {
        errorBox.textContent = text;
        errorBox.hidden = !text;
    }

    function time(ms) {
        return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    }

    function describe(message) {
        if (message.direction === 'inbound') {
            const hook = message.webhook || {};
            if (hook.delivered) return 'Delivered to the company';
            if (hook.attempts === 0 && !hook.error) return 'Sending…';
            return 'Not delivered to the company' + (hook.httpStatus ? ' (HTTP ' + hook.httpStatus + ')' : '');
        }
        const text = STATUS_TEXT[message.status] || message.status;
        return message.errorCode ? text + ' — error ' + message.errorCode : text;
    }

    function belongs(message) {
        const customer = customerInput.value.trim();
        const company = companyInput.value.trim();
        if (message.direction === 'inbound') return message.from === customer && message.to === company;
        return message.to === customer && message.from === company;
    }

    function render() {
        const shown = [...messages.values()].filter(belongs).sort((a, b) => a.dateCreated - b.dateCreated);
        empty.hidden = shown.length > 0;
        const keep = new Set(shown.map((m) => m.sid));
        for (const item of [...list.children]) {
            if (!keep.has(item.dataset.sid)) item.remove();
        }
        shown.forEach((message, index) => {
            let item = list.querySelector('[data-sid="' + message.sid + '"]');
            if (!item) {
                item = document.createElement('li');
                item.dataset.sid = message.sid;
                const text = document.createElement('span');
                text.className = 'message__text';
                const meta = document.createElement('span');
                meta.className = 'message__meta';
                item.append(text, meta);
            }
            const fromCustomer = message.direction === 'inbound';
            const failed = !fromCustomer && (message.status === 'failed' || message.status === 'undelivered');
            item.className =
                'message ' +
                (fromCustomer ? 'message--customer' : 'message--company') +
                (failed ? ' message--failed' : '');
            item.setAttribute('aria-label', (fromCustomer ? 'You' : 'Company') + ', ' + time(message.dateCreated));
            item.querySelector('.message__text').textContent = message.body;
            item.querySelector('.message__meta').textContent = time(message.dateCreated) + ' · ' + describe(message);
            if (list.children[index] !== item) list.insertBefore(item, list.children[index] || null);
        });
    }

    function remember(message) {
        messages.set(message.sid, message);
        render();
    }

    async function load() {
        const response = await fetch('/admin/messages');
        const data = await response.json();
        for (const message of data.messages) messages.set(message.sid, message);
        render();
    }

    async function loadNumbers() {
        const response = await fetch('/admin/numbers');
        const data = await response.json();
        companyList.replaceChildren(
            ...data.numbers.map((number) => {
                const option = document.createElement('option');
                option.value = number;
                return option;
            })
        );
        if (!companyInput.value && data.numbers.length > 0) companyInput.value = data.numbers[0];
    }

    async function send() {
        const body = bodyInput.value;
        if (!body.trim()) {
            showError('Type a message first.');
            return;
        }
        showError('');
        sendButton.disabled = true;
        try {
            const response = await fetch('/admin/send', {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ from: customerInput.value.trim(), to: companyInput.value.trim(), body })
            });
            const data = await response.json();
            if (!response.ok) {
                showError(data.message || 'The message could not be sent.');
                return;
            }
            bodyInput.value = '';
            remember(data.message);
        } catch {
            showError('The simulator cannot be reached.');
        } finally {
            sendButton.disabled = false;
            bodyInput.focus();
        }
    }

    composer.addEventListener('submit', (event) => {
        event.preventDefault();
        send();
    });
    bodyInput.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' && !event.shiftKey) {
            event.preventDefault();
            send();
        }
    });
    customerInput.addEventListener('input', render);
    companyInput.addEventListener('input', render);

    function follow() {
        if (typeof EventSource === 'function') {
            const stream = new EventSource('/admin/events');
            stream.addEventListener('message', (event) => remember(JSON.parse(event.data)));
            stream.addEventListener('open', () => load().catch(() => undefined));
        } else {
            setInterval(() => load().catch(() => undefined), 2000);
        }
    }

    loadNumbers()
        .then(load)
        .catch(() => showError('The simulator cannot be reached.'))
        .finally(follow);
    window.customerPhone = { render };
})();
