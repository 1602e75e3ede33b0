using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LlmObservability.AspNetCore.Tests;

/// <summary>
/// An OTLP/HTTP endpoint on 127.0.0.1 that records each export request's path, headers and protobuf body. Protobuf
/// writes strings as plain UTF-8, so span names and attribute keys can be found in the body without decoding it.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public ConcurrentQueue<(string Path, string? Authorization, string Body)> Requests { get; } = new();

    public static async Task<OtlpReceiver> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        OtlpReceiver? receiver = null;
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using MemoryStream body = new();
            await context.Request.Body.CopyToAsync(body);
            receiver!.Requests.Enqueue((context.Request.Path, context.Request.Headers.Authorization.ToString(), Encoding.UTF8.GetString(body.ToArray())));
            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new OtlpReceiver(app, new Uri(address));
        return receiver;
    }

    /// <summary>Waits until a trace export contains <paramref name="text"/>, or 15 seconds pass.</summary>
    public async Task<(string Path, string? Authorization, string Body)?> WaitForTraceAsync(string text)
    {
        for (int i = 0; i < 150; i++)
        {
            foreach ((string Path, string? Authorization, string Body) request in Requests)
            {
                if (request.Path == "/v1/traces" && request.Body.Contains(text, StringComparison.Ordinal))
                {
                    return request;
                }
            }

            await Task.Delay(100);
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
