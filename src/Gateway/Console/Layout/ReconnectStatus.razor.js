// Starts Blazor and shows the circuit's connection as a status line instead of a blocking dialog. It keeps retrying
// while the gateway is down and reloads the page when a restarted gateway no longer knows the circuit: the console
// comes back by itself, with its filters from the URL.
const status = document.getElementById('components-reconnect-modal');
const text = status.querySelector('.reconnect-status__text');
let retryTimer = 0;

function retryLater() {
    retryTimer = setTimeout(async () => {
        try {
            if (!await Blazor.reconnect()) location.reload();
        } catch {
            retryLater();
        }
    }, 2000);
}

status.addEventListener('components-reconnect-state-changed', event => {
    const detail = event.detail;
    status.dataset.state = detail.state;
    clearTimeout(retryTimer);
    switch (detail.state) {
        case 'show':
            text.textContent = 'Connection to the gateway lost — reconnecting…';
            break;
        case 'retrying':
            text.textContent = `Connection to the gateway lost — reconnecting (attempt ${detail.currentAttempt})…`;
            break;
        case 'failed':
            text.textContent = 'The gateway does not answer — still trying…';
            retryLater();
            break;
        case 'rejected':
            text.textContent = 'The gateway restarted — reloading…';
            location.reload();
            break;
        case 'hide':
            text.textContent = 'Connected';
            break;
    }
});

Blazor.start({
    circuit: {
        reconnectionOptions: {
            maxRetries: 60,
            retryIntervalMilliseconds: attempt => (attempt < 10 ? 1000 : 3000),
        },
    },
});
