using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace FlowGrain.Gateway.Tests.Hosting;

/// <summary>
/// A Kubernetes API server on loopback that knows one namespace of pods and records each request as the RBAC verb
/// it needs (get, list, watch, patch, delete, create, update). Watches stay open until the client goes.
/// </summary>
public sealed class FakeKubernetesApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _requests = new();

    private FakeKubernetesApi(WebApplication app, int port)
    {
        _app = app;
        Url = $"http://127.0.0.1:{port}";
    }

    public string Url { get; }

    /// <summary>Each request so far, as "verb resource" (e.g. "watch pods").</summary>
    public IReadOnlyCollection<string> Requests => [.. _requests];

    /// <summary>Serves the pods <paramref name="podNames"/> of <paramref name="podNamespace"/>, each with <paramref name="labels"/>.</summary>
    public static async Task<FakeKubernetesApi> StartAsync(string podNamespace, IDictionary<string, string> labels, params string[] podNames)
    {
        var port = FreePorts.Take(1)[0];
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var api = new FakeKubernetesApi(app, port);

        app.Map($"/api/v1/namespaces/{podNamespace}/pods/{{name}}", async (HttpContext http, string name) =>
        {
            api._requests.Enqueue($"{Verb(http.Request.Method, named: true, watch: false)} pods");
            if (!podNames.Contains(name)) return Results.NotFound();
            return Results.Content(KubernetesJson.Serialize(Pod(podNamespace, name, labels)), "application/json");
        });
        app.Map($"/api/v1/namespaces/{podNamespace}/pods", async (HttpContext http) =>
        {
            var watch = http.Request.Query["watch"] == "true";
            api._requests.Enqueue($"{Verb(http.Request.Method, named: false, watch)} pods");
            if (!watch) return Results.Content(KubernetesJson.Serialize(new V1PodList { Items = [.. podNames.Select(n => Pod(podNamespace, n, labels))] }), "application/json");

            http.Response.ContentType = "application/json";
            await http.Response.StartAsync();
            await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return Results.Empty;
        });
        app.MapFallback((HttpContext http) =>
        {
            api._requests.Enqueue($"{http.Request.Method} {http.Request.Path}");
            return Results.NotFound();
        });

        await app.StartAsync();
        return api;
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }

    private static V1Pod Pod(string podNamespace, string name, IDictionary<string, string> labels) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = podNamespace, Labels = labels },
        Status = new V1PodStatus { Phase = "Running" },
    };

    private static string Verb(string method, bool named, bool watch) => method switch
    {
        "GET" when watch => "watch",
        "GET" => named ? "get" : "list",
        "PATCH" => "patch",
        "PUT" => "update",
        "POST" => "create",
        "DELETE" => "delete",
        _ => method,
    };
}
