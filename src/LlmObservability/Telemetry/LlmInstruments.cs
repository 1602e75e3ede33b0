using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using Conventions = LlmObservability.Telemetry.SemanticConventions;

namespace LlmObservability.Telemetry;

/// <summary>
/// The activity source and instruments of LlmObservability: one set per service provider (created through
/// <see cref="IMeterFactory"/>) or one for the process when no dependency injection is used.
/// </summary>
internal sealed class LlmInstruments : IDisposable
{
    // The informational version ends with "+{commit}"; the package version alone keeps the scope label stable.
    private static readonly string Version =
        (typeof(LlmInstruments).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? "0.0.0").Split('+')[0];

    private static LlmInstruments? s_shared;

    private readonly bool _ownsMeter;
    private int _errorSeriesInitialized;

    public LlmInstruments(IMeterFactory? meterFactory)
    {
        ActivitySource = new ActivitySource(new ActivitySourceOptions(LlmObservabilityDefaults.ActivitySourceName)
        {
            Version = Version,
            TelemetrySchemaUrl = Conventions.SchemaUrl,
        });

        MeterOptions meterOptions = new(LlmObservabilityDefaults.MeterName)
        {
            Version = Version,
            TelemetrySchemaUrl = Conventions.SchemaUrl,
        };
        Meter = meterFactory?.Create(meterOptions) ?? new Meter(meterOptions);
        _ownsMeter = meterFactory is null;
        OperationDuration = Meter.CreateHistogram(
            Conventions.GenAI.Client.OperationDuration.Name, "s", Conventions.GenAI.Client.OperationDuration.Description,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Conventions.GenAI.Client.OperationDuration.Buckets });
        TokenUsage = Meter.CreateHistogram(
            Conventions.GenAI.Client.TokenUsage.Name, "{token}", Conventions.GenAI.Client.TokenUsage.Description,
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = Conventions.GenAI.Client.TokenUsage.Buckets });
        TimeToFirstChunk = Meter.CreateHistogram(
            Conventions.GenAI.Client.TimeToFirstChunk.Name, "s", Conventions.GenAI.Client.TimeToFirstChunk.Description,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Conventions.GenAI.Client.OperationDuration.Buckets });
        TimePerOutputChunk = Meter.CreateHistogram(
            Conventions.GenAI.Client.TimePerOutputChunk.Name, "s", Conventions.GenAI.Client.TimePerOutputChunk.Description,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Conventions.GenAI.Client.OperationDuration.Buckets });
        Cost = Meter.CreateHistogram(
            Conventions.GenAI.CostHistogram.Name, "USD", Conventions.GenAI.CostHistogram.Description,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Conventions.GenAI.CostHistogram.Buckets });

        UsageTokens = Meter.CreateObservableCounter(
            Conventions.Llm.UsageTokens, Usage.ObserveTokens, "{token}",
            "Billable tokens, partitioned by llm.token.type so that no token is counted twice.");
        UsageCost = Meter.CreateObservableCounter(
            Conventions.Llm.UsageCost, Usage.ObserveCost, "USD", "Spend in USD, partitioned by llm.token.type.");
        UsageCostSaved = Meter.CreateObservableCounter(
            Conventions.Llm.UsageCostSaved, Usage.ObserveSaved, "USD",
            "USD saved by prompt-cache reads compared with the plain input price.");
        RequestsUnpriced = Meter.CreateObservableCounter(
            Conventions.Llm.RequestsUnpriced, Usage.ObserveUnpriced, "{request}",
            "Calls whose model has no price in the pricing catalogue.");
        UsageInvalid = Meter.CreateObservableCounter(
            Conventions.Llm.UsageInvalid, Usage.ObserveInvalid, "{request}",
            "Calls whose reported token usage was clamped or skipped.");
        TelemetryErrors = Meter.CreateCounter<long>(
            Conventions.Llm.TelemetryErrors, "{error}", "Exceptions caught inside LLM telemetry code, by llm.error.source.");
    }

    /// <summary>Gets the instruments used by clients created without dependency injection.</summary>
    public static LlmInstruments Shared => LazyInitializer.EnsureInitialized(ref s_shared, static () => new LlmInstruments(null));

    public ActivitySource ActivitySource { get; }

    public Meter Meter { get; }

    public Histogram<double> OperationDuration { get; }

    public Histogram<long> TokenUsage { get; }

    public Histogram<double> TimeToFirstChunk { get; }

    public Histogram<double> TimePerOutputChunk { get; }

    public Histogram<double> Cost { get; }

    /// <summary>Gets the totals that the observable <c>llm.*</c> counters report.</summary>
    public UsageAggregator Usage { get; } = new();

    public ObservableCounter<long> UsageTokens { get; }

    public ObservableCounter<double> UsageCost { get; }

    public ObservableCounter<double> UsageCostSaved { get; }

    public ObservableCounter<long> RequestsUnpriced { get; }

    public ObservableCounter<long> UsageInvalid { get; }

    public Counter<long> TelemetryErrors { get; }

    /// <summary>Gets whether anything listens: a span listener or any instrument a call records to.</summary>
    /// <remarks>
    /// <c>llm.telemetry.errors</c> is left out, because with nothing else listening no telemetry code runs that could
    /// fail, and each flag read adds to the cost of every call.
    /// </remarks>
    public bool IsEnabled =>
        ActivitySource.HasListeners() || EndOfCallMetricEnabled || TimeToFirstChunk.Enabled || TimePerOutputChunk.Enabled;

    /// <summary>Gets whether any instrument that the end of a call records to is enabled.</summary>
    public bool AnyCallMetricEnabled => EndOfCallMetricEnabled || TelemetryErrors.Enabled;

    private bool EndOfCallMetricEnabled =>
        OperationDuration.Enabled || TokenUsage.Enabled || Cost.Enabled || UsageTokens.Enabled || UsageCost.Enabled
        || UsageCostSaved.Enabled || RequestsUnpriced.Enabled || UsageInvalid.Enabled;

    /// <summary>
    /// Adds 0 to <c>llm.telemetry.errors</c> for each error source once, after the first call, when a listener is
    /// attached, so that the series exist before the first error.
    /// </summary>
    public void InitializeErrorSeries()
    {
        if (_errorSeriesInitialized != 0 || !TelemetryErrors.Enabled || Interlocked.Exchange(ref _errorSeriesInitialized, 1) != 0)
        {
            return;
        }

        foreach (string source in Conventions.ErrorSources.All)
        {
            TelemetryErrors.Add(0, new KeyValuePair<string, object?>(Conventions.Llm.ErrorSource, source));
        }
    }

    public void Dispose()
    {
        ActivitySource.Dispose();
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }
}
