using BenchmarkDotNet.Attributes;
using LlmObservability.Benchmarks.Infrastructure;

namespace LlmObservability.Benchmarks;

/// <summary>
/// The listener modes every client benchmark runs under. Derived classes call <see cref="StartListeners"/> first in
/// their global setup and <see cref="StopListeners"/> last in their global cleanup.
/// </summary>
[MemoryDiagnoser]
public abstract class ListenerBenchmarks
{
    private TelemetrySubscription? _subscription;

    [Params(ListenerMode.None, ListenerMode.Traces, ListenerMode.Metrics, ListenerMode.Both)]
    public ListenerMode Listeners { get; set; }

    protected void StartListeners() => _subscription = TelemetrySubscription.Start(Listeners);

    protected void StopListeners()
    {
        _subscription?.Dispose();
        _subscription = null;
    }
}
