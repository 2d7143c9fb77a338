using System.IO;
using System.Text;

namespace FlowGrain.Gateway.Tests.Infrastructure;

/// <summary>Reads a Server-Sent Events response the way a browser's EventSource does: events, ids, comments.</summary>
public sealed class SseReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseReader(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    public static async Task<SseReader> OpenAsync(HttpClient http, string url, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseReader(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event (comments returned as events named "comment"), or fails after the timeout.</summary>
    public async Task<SseEvent> NextAsync(TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        string? id = null, name = null;
        var data = new StringBuilder();
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellation.Token) ?? throw new EndOfStreamException("The event stream ended.");
            if (line.Length == 0)
            {
                if (id is null && name is null && data.Length == 0) continue;
                return new SseEvent(id, name ?? "message", data.ToString());
            }

            if (line.StartsWith(':')) return new SseEvent(null, "comment", line[1..].Trim());
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart();
            switch (field)
            {
                case "id": id = value; break;
                case "event": name = value; break;
                case "data": data.Append(value); break;
                case "retry": break;
            }
        }
    }

    /// <summary>The next <paramref name="count"/> data events, skipping comments; fails if they do not all come within the timeout.</summary>
    public async Task<List<SseEvent>> MessagesAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        var messages = new List<SseEvent>();
        while (messages.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"Got {messages.Count} of {count} events.");
            var next = await NextAsync(left);
            if (next.Name == "message") messages.Add(next);
        }

        return messages;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>One Server-Sent Event.</summary>
public sealed record SseEvent(string? Id, string Name, string Data);
