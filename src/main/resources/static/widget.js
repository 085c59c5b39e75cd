/*
 * Oneplace web chat. Embed on any page of a site whose origin the chat channel allows:
 *
 *   <script>window.OneplaceChat = { userId: "u-42", userHash: "<HMAC-SHA256 of u-42, from your server>" };</script>
 *   <script src="https://oneplace.example.com/widget.js" data-channel="<channel id>" async></script>
 *
 * The visitor's analytics.js anonymousId (localStorage/cookie "ajs_anonymous_id") is shared, so the agent sees what
 * they browsed. The session token lives in localStorage and travels in a header, never in a URL. Everything shown
 * is set as text: nothing a visitor or agent writes is ever parsed as HTML.
 */
(function () {
    'use strict';
    var script = document.currentScript;
    if (!script || window.__oneplaceChat) { return; }
    window.__oneplaceChat = true;
    var channel = script.getAttribute('data-channel');
    var base = new URL(script.src).origin;
    var config = window.OneplaceChat || {};
    var key = 'oneplace_chat_' + channel;
    var last = 0;

    function anonymousId() {
        try {
            var stored = localStorage.getItem('ajs_anonymous_id');
            if (stored) { return JSON.parse(stored); }
        } catch (e) { /* not JSON: below */ }
        var match = document.cookie.match(/(?:^|; )ajs_anonymous_id=([^;]*)/);
        if (match) {
            try { return JSON.parse(decodeURIComponent(match[1])); } catch (e) { return decodeURIComponent(match[1]); }
        }
        return null;
    }

    function uuid() {
        return crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2);
    }

    function el(tag, attrs, text) {
        var node = document.createElement(tag);
        Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
        if (text !== undefined) { node.textContent = text; }
        return node;
    }

    // the panel
    var root = el('div', {id: 'oneplace-chat', style: 'position:fixed;bottom:16px;right:16px;z-index:2147483000;'
        + 'font:14px system-ui,sans-serif;'});
    var toggle = el('button', {type: 'button', id: 'oneplace-chat-open', 'aria-expanded': 'false'}, 'Chat with us');
    var panel = el('div', {id: 'oneplace-chat-panel', hidden: '', role: 'dialog', 'aria-label': 'Chat',
        style: 'width:320px;height:420px;background:#fff;border:1px solid #ccc;border-radius:8px;display:flex;'
            + 'flex-direction:column;'});
    var list = el('ol', {id: 'oneplace-chat-messages', 'aria-live': 'polite',
        style: 'flex:1;overflow:auto;list-style:none;margin:0;padding:8px;'});
    var form = el('form', {id: 'oneplace-chat-form', style: 'display:flex;border-top:1px solid #eee;'});
    var input = el('input', {id: 'oneplace-chat-input', type: 'text', 'aria-label': 'Message', maxlength: '10000',
        autocomplete: 'off', style: 'flex:1;padding:8px;border:0;'});
    var send = el('button', {type: 'submit', id: 'oneplace-chat-send'}, 'Send');
    form.appendChild(input);
    form.appendChild(send);
    panel.appendChild(list);
    panel.appendChild(form);
    root.appendChild(panel);
    root.appendChild(toggle);
    document.body.appendChild(root);

    var seen = {};
    function show(line) {
        if (seen[line.id]) { return; }
        seen[line.id] = true;
        last = Math.max(last, line.id);
        var item = el('li', {'data-direction': line.direction, dir: 'auto',
            style: 'margin:4px 0;padding:6px 8px;border-radius:6px;white-space:pre-wrap;overflow-wrap:anywhere;'
                + (line.direction === 'in' ? 'background:#e8f0fe;margin-left:32px;' : 'background:#f1f1f1;margin-right:32px;')});
        item.textContent = line.content;
        list.appendChild(item);
        list.scrollTop = list.scrollHeight;
    }

    function call(method, path, body) {
        return fetch(base + path, {
            method: method,
            headers: Object.assign({'Content-Type': 'application/json'},
                localStorage.getItem(key) ? {'X-Widget-Session': localStorage.getItem(key)} : {}),
            body: body ? JSON.stringify(body) : undefined
        });
    }

    function session() {
        if (localStorage.getItem(key)) { return Promise.resolve(); }
        return call('POST', '/widget/' + channel + '/sessions', {
            anonymousId: anonymousId(), userId: config.userId || null, userHash: config.userHash || null,
            email: config.email || null, name: config.name || null
        }).then(function (r) {
            if (!r.ok) { throw new Error('chat unavailable (' + r.status + ')'); }
            return r.json();
        }).then(function (started) { localStorage.setItem(key, started.token); });
    }

    function follow() {
        call('GET', '/widget/stream?after=' + last).then(function (response) {
            if (!response.ok || !response.body) { throw new Error('stream ' + response.status); }
            var reader = response.body.getReader();
            var decoder = new TextDecoder();
            var buffer = '';
            function pump() {
                return reader.read().then(function (chunk) {
                    if (chunk.done) { throw new Error('closed'); }
                    buffer += decoder.decode(chunk.value, {stream: true});
                    var events = buffer.split('\n\n');
                    buffer = events.pop();
                    events.forEach(function (event) {
                        event.split('\n').forEach(function (line) {
                            if (line.indexOf('data:') === 0) { show(JSON.parse(line.slice(5))); }
                        });
                    });
                    return pump();
                });
            }
            return pump();
        }).catch(function () { setTimeout(follow, 3000); });
    }

    var started = null;
    function begin() {
        if (!started) {
            started = session().then(function () {
                return call('GET', '/widget/messages?after=0');
            }).then(function (r) {
                if (r.status === 401) { localStorage.removeItem(key); started = null; return begin(); }
                return r.json().then(function (page) { page.items.forEach(show); follow(); });
            });
        }
        return started;
    }

    toggle.addEventListener('click', function () {
        var open = panel.hasAttribute('hidden');
        if (open) { panel.removeAttribute('hidden'); begin(); input.focus(); } else { panel.setAttribute('hidden', ''); }
        toggle.setAttribute('aria-expanded', String(open));
    });
    form.addEventListener('submit', function (event) {
        event.preventDefault();
        var text = input.value.trim();
        if (!text) { return; }
        input.value = '';
        begin().then(function () {
            return call('POST', '/widget/messages', {text: text, clientId: uuid()});
        });
    });
})();
