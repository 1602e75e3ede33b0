using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LlmObservability.Benchmarks.Infrastructure;

/// <summary>
/// Real OpenTelemetry SDK providers, subscribed to LlmObservability's and the reference client's activity source and
/// meter, that export to no-op exporters. The cost measured is the instrumentation's plus the SDK's sampling, span
/// processing and metric aggregation, without any serialization or I/O.
/// </summary>
internal sealed class TelemetrySubscription : IDisposable
{
    /// <summary>The activity source and meter name given to Microsoft's reference clients.</summary>
    public const string ReferenceSourceName = "LlmObservability.Benchmarks.Reference";

    private readonly TracerProvider? _tracerProvider;
    private readonly MeterProvider? _meterProvider;

    private TelemetrySubscription(TracerProvider? tracerProvider, MeterProvider? meterProvider)
    {
        _tracerProvider = tracerProvider;
        _meterProvider = meterProvider;
    }

    /// <summary>Creates the providers that <paramref name="mode"/> names.</summary>
    public static TelemetrySubscription Start(ListenerMode mode)
    {
        TracerProvider? tracerProvider = null;
        if (mode is ListenerMode.Traces or ListenerMode.Both)
        {
            // The simple processor exports each span synchronously when it ends, so its cost lands in the measured call
            // and no background export thread competes with the benchmark.
            tracerProvider = Sdk.CreateTracerProviderBuilder()
                .AddLlmObservabilityInstrumentation()
                .AddSource(ReferenceSourceName)
                .SetSampler(new AlwaysOnSampler())
                .AddProcessor(new SimpleActivityExportProcessor(new DiscardingActivityExporter()))
                .Build();
        }

        MeterProvider? meterProvider = null;
        if (mode is ListenerMode.Metrics or ListenerMode.Both)
        {
            // The reader collects only when asked (here, at shutdown), so measurements are aggregated in memory as a
            // periodic reader would, without a timer thread.
            meterProvider = Sdk.CreateMeterProviderBuilder()
                .AddLlmObservabilityInstrumentation()
                .AddMeter(ReferenceSourceName)
                .AddReader(new BaseExportingMetricReader(new DiscardingMetricExporter()))
                .Build();
        }

        return new TelemetrySubscription(tracerProvider, meterProvider);
    }

    public void Dispose()
    {
        _tracerProvider?.Dispose();
        _meterProvider?.Dispose();
    }

    private sealed class DiscardingActivityExporter : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch) => ExportResult.Success;
    }

    private sealed class DiscardingMetricExporter : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
    }
}
