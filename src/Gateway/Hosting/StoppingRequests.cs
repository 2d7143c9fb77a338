namespace FlowGrain.Gateway.Hosting;

/// <summary>
/// Ends every request (above all the long-lived ones: collector streams, live streams, Server-Sent Events) as soon as
/// the gateway starts stopping. Without it the server waits for streams that never end on their own, until the
/// host's shutdown timeout cancels everything else too.
/// </summary>
public static class StoppingRequests
{
    public static WebApplication UseEndOnStopping(this WebApplication app)
    {
        var stopping = app.Lifetime.ApplicationStopping;
        app.Use(async (context, next) =>
        {
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            context.RequestAborted = ended.Token;
            await next(context);
        });
        return app;
    }
}
