using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace LlmObservability.ProviderTests.Infrastructure;

/// <summary>
/// A service provider with LlmObservability registered, an OpenTelemetry tracer provider that exports the library's
/// spans to memory, and collectors on the token and cost metrics of the provider's meter factory.
/// </summary>
public sealed class TelemetryCapture : IDisposable
{
    private const string MeterName = "LlmObservability";

    private readonly ServiceProvider _services;
    private readonly TracerProvider _tracerProvider;

    public TelemetryCapture(Action<LlmObservabilityOptions> configure)
    {
        _services = new ServiceCollection().AddLlmObservability(configure).BuildServiceProvider();
        _tracerProvider = Sdk.CreateTracerProviderBuilder()
            .AddLlmObservabilityInstrumentation()
            .AddInMemoryExporter(Spans)
            .Build();

        IMeterFactory meterFactory = _services.GetRequiredService<IMeterFactory>();
        UsageTokens = new MetricCollector<long>(meterFactory, MeterName, "llm.usage.tokens");
        UsageCost = new MetricCollector<double>(meterFactory, MeterName, "llm.usage.cost");
        CallCost = new MetricCollector<double>(meterFactory, MeterName, "gen_ai.usage.cost");
    }

    /// <summary>Gets the finished spans of the <c>LlmObservability</c> activity source.</summary>
    public List<Activity> Spans { get; } = [];

    /// <summary>Gets the <c>llm.usage.tokens</c> counter measurements.</summary>
    public MetricCollector<long> UsageTokens { get; }

    /// <summary>Gets the <c>llm.usage.cost</c> counter measurements, in USD.</summary>
    public MetricCollector<double> UsageCost { get; }

    /// <summary>Gets the <c>gen_ai.usage.cost</c> histogram measurements, one per priced call, in USD.</summary>
    public MetricCollector<double> CallCost { get; }

    /// <summary>Wraps <paramref name="sdkClient"/> in the LlmObservability pipeline of this service provider.</summary>
    public IChatClient Instrument(IChatClient sdkClient) =>
        new ChatClientBuilder(sdkClient).UseLlmObservability().Build(_services);

    /// <summary>
    /// Sums the <c>llm.usage.tokens</c> measurements per <c>llm.token.type</c>. A type that the library did not record
    /// is absent from the result, which is different from a recorded 0.
    /// </summary>
    public Dictionary<string, long> TokensByType() =>
        ObservedTokens()
            .GroupBy(measurement => (string)measurement.Tags["llm.token.type"]!)
            .ToDictionary(group => group.Key, group => group.Sum(measurement => measurement.Value));

    /// <summary>Sums the <c>llm.usage.cost</c> measurements per <c>llm.token.type</c>, in USD.</summary>
    public Dictionary<string, double> CostByType() =>
        ObservedCost()
            .GroupBy(measurement => (string)measurement.Tags["llm.token.type"]!)
            .ToDictionary(group => group.Key, group => group.Sum(measurement => measurement.Value));

    /// <summary>Collects the observable <c>llm.usage.tokens</c> counter: one measurement per attribute combination.</summary>
    public IReadOnlyList<CollectedMeasurement<long>> ObservedTokens()
    {
        UsageTokens.RecordObservableInstruments();
        return UsageTokens.GetMeasurementSnapshot(clear: true);
    }

    /// <summary>Collects the observable <c>llm.usage.cost</c> counter: one measurement per attribute combination.</summary>
    public IReadOnlyList<CollectedMeasurement<double>> ObservedCost()
    {
        UsageCost.RecordObservableInstruments();
        return UsageCost.GetMeasurementSnapshot(clear: true);
    }

    public void Dispose()
    {
        _tracerProvider.Dispose();
        UsageTokens.Dispose();
        UsageCost.Dispose();
        CallCost.Dispose();
        _services.Dispose();
    }
}
