using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using LlmObservability.Pricing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Conventions = LlmObservability.Telemetry.SemanticConventions;

namespace LlmObservability.Telemetry;

/// <summary>
/// Everything an instrumented client needs at call time: the shared instruments, the settings, the pricing catalogue,
/// and the once-per-cause bookkeeping of warnings.
/// </summary>
internal sealed class LlmTelemetry
{
    /// <summary>The number of distinct unpriced model names that get a warning; later ones are only counted.</summary>
    public const int MaxWarnedModels = 100;

    private readonly ConcurrentDictionary<string, byte> _warnedModels = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _failedSources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AttributeValueLimiter> _limiters = new(StringComparer.Ordinal);
    private readonly HashSet<string> _metricTags;

    public LlmTelemetry(LlmInstruments instruments, LlmObservabilityOptions options, PricingCatalogSource catalog, ILogger? logger)
    {
        Instruments = instruments;
        Options = options;
        CatalogSource = catalog;
        Logger = logger ?? NullLogger.Instance;
        CaptureContent = options.ResolveCaptureMessageContent();
        AttributeSets = options.AttributeSets | LlmAttributeSets.SemanticConventions;
        _metricTags = new(options.MetricTags, StringComparer.Ordinal);
        RequestModelLimiter = GetLimiter(Conventions.GenAI.Request.Model);
        ResponseModelLimiter = GetLimiter(Conventions.GenAI.Response.Model);
    }

    public AttributeValueLimiter RequestModelLimiter { get; }

    public AttributeValueLimiter ResponseModelLimiter { get; }

    public LlmInstruments Instruments { get; }

    public LlmObservabilityOptions Options { get; }

    public PricingCatalogSource CatalogSource { get; }

    /// <summary>Gets the catalogue in force now; it changes when a watched pricing file is reloaded.</summary>
    public PricingCatalog Catalog => CatalogSource.Current;

    public ILogger Logger { get; }

    public bool CaptureContent { get; }

    public LlmAttributeSets AttributeSets { get; }

    public ActivitySource ActivitySource => Instruments.ActivitySource;

    public Histogram<double> OperationDuration => Instruments.OperationDuration;

    public Histogram<long> TokenUsage => Instruments.TokenUsage;

    public Histogram<double> TimeToFirstChunk => Instruments.TimeToFirstChunk;

    public Histogram<double> TimePerOutputChunk => Instruments.TimePerOutputChunk;

    public Histogram<double> Cost => Instruments.Cost;

    public ObservableCounter<long> UsageTokens => Instruments.UsageTokens;

    public ObservableCounter<double> UsageCost => Instruments.UsageCost;

    public ObservableCounter<double> UsageCostSaved => Instruments.UsageCostSaved;

    public ObservableCounter<long> RequestsUnpriced => Instruments.RequestsUnpriced;

    public ObservableCounter<long> UsageInvalid => Instruments.UsageInvalid;

    public Counter<long> TelemetryErrors => Instruments.TelemetryErrors;

    public bool IsEnabled => Instruments.IsEnabled;

    public bool IsMetricTag(string name) => _metricTags.Contains(name);

    /// <summary>Folds a model or tag value into <c>other</c> once its attribute has too many distinct values.</summary>
    public string LimitCardinality(string attribute, string value) =>
        GetLimiter(attribute).Limit(value);

    /// <summary>Gets the limiter of one attribute; callers on the hot path keep it instead of looking it up per call.</summary>
    public AttributeValueLimiter GetLimiter(string attribute) =>
        _limiters.GetOrAdd(attribute, static (_, max) => new AttributeValueLimiter(max), Options.MaxDistinctAttributeValues);

    /// <summary>
    /// Logs the unpriced-model warning once per model name, for the first <see cref="MaxWarnedModels"/> names. Model
    /// names come from responses and requests, so control and format characters are escaped before logging.
    /// </summary>
    public void WarnUnpricedOnce(string model)
    {
        if (_warnedModels.Count < MaxWarnedModels && _warnedModels.TryAdd(model, 0))
        {
            Log.UnpricedModel(Logger, EscapeForLog(model));
        }
    }

    /// <summary>Escapes control and format characters (new lines, NUL, bidirectional overrides) and caps the length.</summary>
    internal static string EscapeForLog(string value)
    {
        const int MaxLength = 200;
        bool clean = value.Length <= MaxLength;
        foreach (char c in value)
        {
            clean &= !char.IsControl(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format;
        }

        if (clean)
        {
            return value;
        }

        System.Text.StringBuilder escaped = new(Math.Min(value.Length, MaxLength) + 16);
        foreach (char c in value.AsSpan(0, Math.Min(value.Length, MaxLength)))
        {
            if (char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            {
                escaped.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return value.Length > MaxLength ? escaped.Append("...").ToString() : escaped.ToString();
    }

    /// <summary>Counts an exception caught inside telemetry code, and logs the first one of each source.</summary>
    public void ReportFailure(string source, Exception exception)
    {
        try
        {
            if (_failedSources.TryAdd(source, 0))
            {
                Log.TelemetryFailed(Logger, source, exception);
            }

            TelemetryErrors.Add(1, new KeyValuePair<string, object?>(Conventions.Llm.ErrorSource, source));
        }
        catch (Exception)
        {
            // A failing logger must not turn a telemetry failure into a caller-visible one.
        }
    }
}
