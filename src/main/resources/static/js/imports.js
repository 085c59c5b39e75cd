// Settings → Imports: sends the chosen file as the request body (streamed to the server, never a form post held in
// memory) and opens the import's page, which shows its progress.
(function () {
    const form = document.getElementById('upload');
    if (!form) {
        return;
    }
    const status = document.getElementById('upload-status');
    form.addEventListener('submit', async function (event) {
        event.preventDefault();
        const file = document.getElementById('import-file').files[0];
        if (!file) {
            status.textContent = 'Choose a file first.';
            return;
        }
        const kind = document.getElementById('import-kind').value;
        const jsonl = /\.(jsonl|ndjson)$/i.test(file.name);
        const headers = {'Content-Type': jsonl ? 'application/x-ndjson' : 'text/csv'};
        headers[form.dataset.csrfHeader] = form.dataset.csrf;
        status.textContent = 'Sending ' + file.name + '…';
        const url = form.getAttribute('action') + '?kind=' + encodeURIComponent(kind)
            + '&fileName=' + encodeURIComponent(file.name);
        try {
            const answer = await fetch(url, {method: 'POST', headers: headers, body: file, credentials: 'same-origin'});
            const body = await answer.json().catch(() => ({}));
            if (answer.ok && body.location) {
                window.location.assign(body.location);
            } else {
                status.textContent = body.error || body.detail || ('The file was not taken: ' + answer.status);
            }
        } catch (e) {
            status.textContent = 'The file could not be sent: ' + e.message;
        }
    });
})();
