using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace LlmObservability.Tests.Infrastructure;

/// <summary>
/// Reads an observable counter as a snapshot of its current totals, one measurement per attribute combination, the way
/// an exporter collects it.
/// </summary>
internal sealed class ObservedCounter<T>(MetricCollector<T> collector) : IDisposable
    where T : struct
{
    public IReadOnlyList<CollectedMeasurement<T>> GetMeasurementSnapshot()
    {
        collector.RecordObservableInstruments();
        return collector.GetMeasurementSnapshot(clear: true);
    }

    public void Dispose() => collector.Dispose();
}
