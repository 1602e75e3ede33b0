namespace LlmObservability.Benchmarks.Infrastructure;

/// <summary>The OpenTelemetry SDK providers subscribed while a benchmark runs.</summary>
public enum ListenerMode
{
    /// <summary>No provider: no activity source has a listener and no instrument is enabled.</summary>
    None,

    /// <summary>A tracer provider that samples every span and exports it to a no-op exporter.</summary>
    Traces,

    /// <summary>A meter provider whose reader aggregates every measurement and exports to a no-op exporter.</summary>
    Metrics,

    /// <summary>Both providers.</summary>
    Both,
}
