using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LlmObservability.AspNetCore.Tests;

public sealed partial class PrometheusEndpointTests(PrometheusEndpointTests.TrafficScrape traffic)
    : IClassFixture<PrometheusEndpointTests.TrafficScrape>
{
    /// <summary>Every Prometheus series name of the metrics contract, as the exporter writes it.</summary>
    public static TheoryData<string> ContractSeries { get; } = new()
    {
        "gen_ai_client_operation_duration_seconds_bucket",
        "gen_ai_client_operation_duration_seconds_sum",
        "gen_ai_client_operation_duration_seconds_count",
        "gen_ai_client_token_usage_bucket",
        "gen_ai_client_token_usage_sum",
        "gen_ai_client_token_usage_count",
        "gen_ai_client_operation_time_to_first_chunk_seconds_bucket",
        "gen_ai_client_operation_time_per_output_chunk_seconds_bucket",
        "gen_ai_usage_cost_USD_bucket",
        "gen_ai_usage_cost_USD_sum",
        "gen_ai_usage_cost_USD_count",
        "llm_usage_tokens_total",
        "llm_usage_cost_USD_total",
        "llm_usage_cost_saved_USD_total",
        "llm_requests_unpriced_total",
        "llm_usage_invalid_total",
        "llm_telemetry_errors_total",
    };

    [Theory]
    [MemberData(nameof(ContractSeries))]
    public void Scrape_ContainsContractSeries(string series)
    {
        string scrape = traffic.Scrape;

        SeriesNames(scrape).Should().Contain(series);
    }

    [Fact]
    public void Scrape_LlmSeriesCarryScopeName()
    {
        string scrape = traffic.Scrape;

        scrape.Should().MatchRegex("llm_usage_cost_USD_total\\{[^}]*otel_scope_name=\"LlmObservability\"");
    }

    [Fact]
    public void Scrape_CostBucketsUseCostBoundaries()
    {
        string scrape = traffic.Scrape;

        // The exporter writes small bounds in exponent form, which Prometheus parses as the same number.
        scrape.Should().Contain("le=\"1E-05\"");
        // Three priced calls of 0.00165 USD each: none up to 0.001, all up to 0.002.
        scrape.Should().MatchRegex("gen_ai_usage_cost_USD_bucket\\{[^}]*le=\"0.001\"\\} 0");
        scrape.Should().MatchRegex("gen_ai_usage_cost_USD_bucket\\{[^}]*le=\"0.002\"\\} 3");
    }

    [Fact]
    public void Scrape_MarksHttpRequestsThatCalledLlm()
    {
        string scrape = traffic.Scrape;

        scrape.Should().MatchRegex("http_server_request_duration_seconds_count\\{[^}]*http_route=\"/chat\"[^}]*llm_request=\"true\"");
        scrape.Should().MatchRegex("http_server_request_duration_seconds_count\\{[^}]*http_route=\"/plain\"");
        scrape.Should().NotMatchRegex("http_server_request_duration_seconds_count\\{[^}]*http_route=\"/plain\"[^}]*llm_request");
    }

    [Fact]
    public void Scrape_IncludesRuntimeAndProcessMetrics()
    {
        string scrape = traffic.Scrape;

        SeriesNames(scrape).Should().Contain(name => name.StartsWith("dotnet_gc_", StringComparison.Ordinal));
        SeriesNames(scrape).Should().Contain(name => name.StartsWith("process_", StringComparison.Ordinal));
        SeriesNames(scrape).Should().Contain(name => name.StartsWith("kestrel_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DisabledEndpoint_ReturnsNotFound()
    {
        await using TestApp app = await TestApp.StartAsync(
            builder =>
            {
                builder.AddLlmObservability();
                builder.Services.AddChatClient(new ScriptedChatClient());
            },
            settings: new() { ["LlmObservability:PrometheusEndpoint:Enabled"] = "false" });

        HttpResponseMessage response = await app.Http.GetAsync("/metrics");

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DisabledLibrary_AddsNothing()
    {
        await using TestApp app = await TestApp.StartAsync(
            builder =>
            {
                builder.AddLlmObservability();
                builder.Services.AddChatClient(new ScriptedChatClient());
            },
            settings: new() { ["LlmObservability:Enabled"] = "false" });

        HttpResponseMessage response = await app.Http.GetAsync("/metrics");

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
        app.App.Services.GetRequiredService<IChatClient>().Should().NotBeOfType<LlmObservabilityChatClient>();
    }

    [Fact]
    public async Task CustomPath_ServesScrape()
    {
        await using TestApp app = await TestApp.StartAsync(
            builder =>
            {
                builder.AddLlmObservability(options => options.PrometheusEndpoint.Path = "/internal/metrics");
                builder.Services.AddChatClient(new ScriptedChatClient());
            });
        await app.Http.PostAsync("/chat", null);

        string scrape = await app.ScrapeAsync("/internal/metrics");

        SeriesNames(scrape).Should().Contain("llm_usage_tokens_total");
    }

    /// <summary>One application that serves every kind of call once, scraped after the calls.</summary>
    public sealed class TrafficScrape : IAsyncLifetime
    {
        public string Scrape { get; private set; } = string.Empty;

        public async Task InitializeAsync() => Scrape = await ScrapeAfterTrafficAsync();

        public Task DisposeAsync() => Task.CompletedTask;
    }

    private static async Task<string> ScrapeAfterTrafficAsync()
    {
        await using TestApp app = await TestApp.StartAsync(builder =>
        {
            builder.AddLlmObservability();
            builder.Services.AddChatClient(new ScriptedChatClient());
        });

        (await app.Http.PostAsync("/chat", null)).EnsureSuccessStatusCode();
        (await app.Http.PostAsync("/stream", null)).EnsureSuccessStatusCode();
        (await app.Http.PostAsync("/chat?model=acme-private-llm", null)).EnsureSuccessStatusCode();
        (await app.Http.PostAsync("/chat?model=invalid-usage", null)).EnsureSuccessStatusCode();
        (await app.Http.GetAsync("/plain")).EnsureSuccessStatusCode();
        await CallWithFailingTagAsync(app);

        return await app.ScrapeAsync();
    }

    /// <summary>A business tag whose value throws from ToString makes the telemetry fail, never the call.</summary>
    private static async Task CallWithFailingTagAsync(TestApp app)
    {
        IChatClient client = app.App.Services.GetRequiredService<IChatClient>();
        ChatOptions options = new() { AdditionalProperties = new() { ["llm.tag.feature"] = new ThrowingToString() } };

        ChatResponse response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Summarise.")], options);

        response.Text.Should().Be("A summary.");
    }

    private static HashSet<string> SeriesNames(string scrape) =>
        SeriesName().Matches(scrape).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", RegexOptions.Multiline)]
    private static partial Regex SeriesName();

    private sealed class ThrowingToString
    {
        public override string ToString() => throw new InvalidOperationException("tag formatting failed");
    }
}
