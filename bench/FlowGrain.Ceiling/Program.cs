using FlowGrain.Ceiling;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// The fastest a collector can be on this machine: Kestrel's HTTP/2 and gRPC's decoding, one receipt per update.
var port = args.Length == 2 && args[0] == "--port" && int.TryParse(args[1], out var p) ? p : 7443;
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenLocalhost(port, listen => listen.Protocols = HttpProtocols.Http2));
builder.Services.AddGrpc();
var app = builder.Build();
app.MapGrpcService<CeilingCollector>();
app.MapGet("/", () => "ceiling");
Console.WriteLine($"ceiling: listening on 127.0.0.1:{port}");
await app.RunAsync();
