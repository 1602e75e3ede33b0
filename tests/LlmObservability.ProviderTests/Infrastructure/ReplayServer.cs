using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LlmObservability.ProviderTests.Infrastructure;

/// <summary>
/// A Kestrel server on 127.0.0.1, on a port the operating system picks, that responds to each request with the next
/// queued response and stores the request for later checks.
/// </summary>
/// <remarks>
/// A request that arrives with no response queued gets a 500 whose body names the request, so a test that sends more
/// requests than it queued fails with an HTTP error instead of hanging.
/// </remarks>
public sealed class ReplayServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReplayResponse> _responses = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private ReplayServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Gets the server's root address, for example <c>http://127.0.0.1:41234</c>, without a trailing slash.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Gets the requests received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Starts a server bound to 127.0.0.1 with port 0, so the operating system assigns a free port.</summary>
    public static async Task<ReplayServer> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();

        WebApplication app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        ReplayServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync();

        // After start, the addresses hold the port that the operating system assigned in place of 0.
        string address = app.Urls.Single();
        server = new ReplayServer(app, new Uri(address.TrimEnd('/')));
        return server;
    }

    /// <summary>Queues the response for the next request.</summary>
    public void Enqueue(ReplayResponse response) => _responses.Enqueue(response);

    /// <summary>Forgets queued responses and recorded requests, so that a test starts from an empty server.</summary>
    public void Reset()
    {
        _responses.Clear();
        _requests.Clear();
    }

    /// <summary>Stops the server and releases its port.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using StreamReader reader = new(context.Request.Body, Encoding.UTF8);
        string body = await reader.ReadToEndAsync(context.RequestAborted);
        Dictionary<string, string> headers = context.Request.Headers.ToDictionary(
            header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? string.Empty, headers, body));

        if (!_responses.TryDequeue(out ReplayResponse? response))
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsync(
                $"The replay server has no response queued for {context.Request.Method} {context.Request.Path}.",
                context.RequestAborted);
            return;
        }

        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = response.ContentType;
        await context.Response.WriteAsync(response.Body, context.RequestAborted);
    }
}

/// <summary>One HTTP response that <see cref="ReplayServer"/> sends back.</summary>
/// <param name="ContentType">The Content-Type header, for example <c>application/json</c> or <c>text/event-stream</c>.</param>
/// <param name="Body">The body, sent as UTF-8.</param>
/// <param name="StatusCode">The HTTP status code.</param>
public sealed record ReplayResponse(string ContentType, string Body, int StatusCode = StatusCodes.Status200OK)
{
    /// <summary>Creates a response from a file under the test project's <c>Recordings</c> folder.</summary>
    /// <remarks>Files ending in <c>.sse</c> are sent as <c>text/event-stream</c>, all others as <c>application/json</c>.</remarks>
    public static ReplayResponse FromRecording(string relativePath)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Recordings", relativePath);
        string contentType = path.EndsWith(".sse", StringComparison.Ordinal) ? "text/event-stream" : "application/json";
        return new ReplayResponse(contentType, File.ReadAllText(path));
    }
}

/// <summary>A request that <see cref="ReplayServer"/> received.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);
