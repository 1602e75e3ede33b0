using System.Diagnostics;
using LlmObservability.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace LlmObservability.Tests.Infrastructure;

/// <summary>
/// A service provider with LlmObservability registered, a real OpenTelemetry tracer provider exporting to memory,
/// metric collectors on every instrument and a fake logger.
/// </summary>
internal sealed class TelemetryHarness : IDisposable
{
    private readonly TracerProvider? _tracerProvider;

    public TelemetryHarness(Action<LlmObservabilityOptions>? configure = null, bool traces = true, Sampler? sampler = null)
    {
        ServiceCollection services = new();
        services.AddSingleton<ILoggerProvider>(LogProvider);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug));
        services.AddLlmObservability(configure);
        Services = services.BuildServiceProvider();
        Telemetry = Services.GetRequiredService<LlmTelemetry>();

        if (traces)
        {
            _tracerProvider = Sdk.CreateTracerProviderBuilder()
                .AddLlmObservabilityInstrumentation()
                .SetSampler(sampler ?? new AlwaysOnSampler())
                .AddInMemoryExporter(Spans)
                .Build();
        }

        LlmInstruments instruments = Telemetry.Instruments;
        Duration = new(instruments.OperationDuration);
        TokenUsage = new(instruments.TokenUsage);
        TimeToFirstChunk = new(instruments.TimeToFirstChunk);
        TimePerOutputChunk = new(instruments.TimePerOutputChunk);
        Cost = new(instruments.Cost);
        UsageTokens = new(new MetricCollector<long>(instruments.UsageTokens));
        UsageCost = new(new MetricCollector<double>(instruments.UsageCost));
        UsageCostSaved = new(new MetricCollector<double>(instruments.UsageCostSaved));
        Unpriced = new(new MetricCollector<long>(instruments.RequestsUnpriced));
        UsageInvalid = new(new MetricCollector<long>(instruments.UsageInvalid));
        TelemetryErrors = new(instruments.TelemetryErrors);
    }

    public ServiceProvider Services { get; }

    public LlmTelemetry Telemetry { get; }

    public List<Activity> Spans { get; } = [];

    public FakeLoggerProvider LogProvider { get; } = new();

    public MetricCollector<double> Duration { get; }

    public MetricCollector<long> TokenUsage { get; }

    public MetricCollector<double> TimeToFirstChunk { get; }

    public MetricCollector<double> TimePerOutputChunk { get; }

    public MetricCollector<double> Cost { get; }

    public ObservedCounter<long> UsageTokens { get; }

    public ObservedCounter<double> UsageCost { get; }

    public ObservedCounter<double> UsageCostSaved { get; }

    public ObservedCounter<long> Unpriced { get; }

    public ObservedCounter<long> UsageInvalid { get; }

    public MetricCollector<long> TelemetryErrors { get; }

    /// <summary>Builds a pipeline with our client over <paramref name="inner"/>, resolved from this provider.</summary>
    public IChatClient CreateClient(IChatClient inner, Action<LlmObservabilityOptions>? configure = null) =>
        new ChatClientBuilder(inner).UseLlmObservability(configure).Build(Services);

    public void Dispose()
    {
        _tracerProvider?.Dispose();
        DisposeCollectors();
        Services.Dispose();
    }

    /// <summary>Sums the <c>llm.usage.tokens</c> measurements of one <c>llm.token.type</c>.</summary>
    public long TokensOfType(string tokenType) =>
        UsageTokens.GetMeasurementSnapshot()
            .Where(m => (string?)m.Tags["llm.token.type"] == tokenType)
            .Sum(m => m.Value);

    private void DisposeCollectors()
    {
        Duration.Dispose();
        TokenUsage.Dispose();
        TimeToFirstChunk.Dispose();
        TimePerOutputChunk.Dispose();
        Cost.Dispose();
        UsageTokens.Dispose();
        UsageCost.Dispose();
        UsageCostSaved.Dispose();
        Unpriced.Dispose();
        UsageInvalid.Dispose();
        TelemetryErrors.Dispose();
    }
}
