using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LlmObservability.AspNetCore.Tests;

/// <summary>A real Kestrel web application on 127.0.0.1 with a random port, as a service would set it up.</summary>
internal sealed class TestApp : IAsyncDisposable
{
    private TestApp(WebApplication app, HttpClient http)
    {
        App = app;
        Http = http;
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public static async Task<TestApp> StartAsync(
        Action<WebApplicationBuilder> configureServices, Action<WebApplication>? configureApp = null, Dictionary<string, string?>? settings = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        configureServices(builder);
        WebApplication app = builder.Build();
        app.MapPost("/chat", async (IChatClient client, string? model) =>
            (await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Summarise.")], new ChatOptions { ModelId = model })).Text);
        app.MapPost("/stream", async (IChatClient client, HttpResponse response) =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Summarise.")]))
            {
                await response.WriteAsync(update.Text);
            }
        });
        app.MapGet("/plain", () => "no LLM here");
        configureApp?.Invoke(app);
        await app.StartAsync();

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestApp(app, new HttpClient { BaseAddress = new Uri(address) });
    }

    public async Task<string> ScrapeAsync(string path = "/metrics")
    {
        // The exporter caches a scrape for a short time, so this waits past the cache to include the calls' measurements.
        await Task.Delay(1100);
        HttpResponseMessage response = await Http.GetAsync(path);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
