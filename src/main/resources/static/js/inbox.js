// The inbox follows the live feed: a change refreshes the list, and the open thread when it is about that
// conversation. Fragments come from the server already escaped; nothing here builds HTML from message content.
(function () {
    'use strict';
    var inbox = document.getElementById('inbox');
    if (!inbox) {
        return;
    }
    var tab = inbox.dataset.tab || 'all';
    var thread = document.getElementById('thread');
    var current = thread ? thread.dataset.conversation : null;

    function replace(id, url) {
        return fetch(url, {credentials: 'same-origin', headers: {'Accept': 'text/html'}})
            .then(function (r) { return r.ok ? r.text() : null; })
            .then(function (html) {
                if (html === null) { return; }
                var target = document.getElementById(id);
                if (!target) { return; }
                var parsed = new DOMParser().parseFromString(html, 'text/html').getElementById(id);
                if (parsed) { target.replaceWith(parsed); }
            });
    }

    var pending = null;
    function refresh(conversationId) {
        var refreshThread = current && conversationId === current;
        clearTimeout(pending);
        pending = setTimeout(function () {
            replace('list', '/inbox/list?tab=' + encodeURIComponent(tab) + (current ? '&selected=' + current : ''));
            if (refreshThread) {
                replace('thread', '/inbox/' + current + '/thread');
            }
        }, 100);
    }

    // from where this page was rendered, so nothing that happened while it loaded is missed
    var stream = new EventSource('/inbox/stream?after=' + encodeURIComponent(inbox.dataset.feed || ''));
    stream.addEventListener('conversation', function (event) {
        var change = JSON.parse(event.data);
        refresh(change.conversationId);
        if (change.kind === 'ringing' && Date.now() - Date.parse(change.at) < 120000) {
            popUp(change.conversationId);
        }
    });

    // a customer's call is ringing: who it is, before the agent picks up
    function popUp(conversationId) {
        replace('call', '/inbox/' + conversationId + '/call').then(function () {
            var card = document.getElementById('call');
            if (!card || card.hidden) { return; }
            var dismiss = document.getElementById('call-dismiss');
            if (dismiss) {
                dismiss.addEventListener('click', function () { card.hidden = true; });
            }
            var open = document.getElementById('call-open');
            if (open) { open.focus(); }
        });
    }

    var content = document.getElementById('content');
    if (content) {
        content.addEventListener('keydown', function (event) {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                document.getElementById('composer').requestSubmit();
            }
        });
    }
    var canned = document.getElementById('canned');
    if (canned && content) {
        canned.addEventListener('change', function () {
            if (canned.value) {
                content.value = content.value ? content.value + '\n' + canned.value : canned.value;
                content.focus();
            }
        });
    }
})();
