namespace LlmObservability;

/// <summary>Settings of LLM observability, bound from the <c>LlmObservability</c> configuration section.</summary>
/// <remarks>
/// The telemetry follows the OpenTelemetry GenAI semantic conventions v1.41, which are still experimental; attribute
/// names may change with later versions of the conventions.
/// </remarks>
public class LlmObservabilityOptions
{
    /// <summary>
    /// Gets or sets whether the hosting package's <c>AddLlmObservability()</c> adds anything at all. Set
    /// <c>LlmObservability:Enabled</c> to <c>false</c> to run the service without this library, for example to measure
    /// its overhead. It is read from configuration and the callback when <c>AddLlmObservability()</c> is called.
    /// </summary>
    /// <value><see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the span attribute sets to write.</summary>
    /// <value>
    /// <see cref="LlmAttributeSets.SemanticConventions"/> | <see cref="LlmAttributeSets.TraceLoop"/>.
    /// <see cref="LlmAttributeSets.SemanticConventions"/> is always written, whatever this value contains.
    /// </value>
    public LlmAttributeSets AttributeSets { get; set; } = LlmAttributeSets.SemanticConventions | LlmAttributeSets.TraceLoop;

    /// <summary>Gets or sets whether prompts, completions and tool arguments are written to spans.</summary>
    /// <value>
    /// <see langword="null"/>: content is captured only when the environment variable
    /// <c>OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT</c> is <c>true</c>. A value set here wins over the variable.
    /// </value>
    public bool? CaptureMessageContent { get; set; }

    /// <summary>Gets or sets the maximum number of characters of captured content per attribute.</summary>
    /// <value>8192.</value>
    public int MaxContentLength { get; set; } = 8192;

    /// <summary>
    /// Gets or sets a callback applied to every captured text (messages, instructions, tool arguments and results)
    /// before it is truncated and written. It runs only when content capture is on.
    /// </summary>
    /// <value>
    /// <see langword="null"/>: text is written as is. If the callback throws, the text is replaced by
    /// <c>[redaction failed]</c>, the failure is counted on <c>llm.telemetry.errors</c>, and the call goes on.
    /// </value>
    public Func<string, string>? RedactContent { get; set; }

    /// <summary>
    /// Gets or sets a callback that adds attributes of your own to each LLM span just before it ends, when the span is
    /// recorded. An exception it throws is logged once, counted on <c>llm.telemetry.errors</c> and never reaches the
    /// caller.
    /// </summary>
    /// <value><see langword="null"/>.</value>
    public Action<System.Diagnostics.Activity>? EnrichSpan { get; set; }

    /// <summary>
    /// Gets the business tags (from <c>llm.tag.*</c> request properties or an ambient scope) that are also written on
    /// metrics. Tags not listed here go on spans only.
    /// </summary>
    /// <value>Empty.</value>
    public IList<string> MetricTags { get; } = new List<string>();

    /// <summary>
    /// Gets or sets how many distinct values each model or business-tag metric attribute may take; later values are
    /// recorded as <c>other</c> so that metric cardinality stays bounded.
    /// </summary>
    /// <value>100.</value>
    public int MaxDistinctAttributeValues { get; set; } = 100;

    /// <summary>Gets the pricing settings: prices and aliases that add to or override the built-in catalogue.</summary>
    public LlmPricingOptions Pricing { get; } = new();

    /// <summary>
    /// Gets or sets whether the hosting package wraps every <c>IChatClient</c> and <c>IEmbeddingGenerator</c> registered
    /// in dependency injection with the instrumented client.
    /// </summary>
    /// <value><see langword="true"/>.</value>
    public bool InstrumentRegisteredClients { get; set; } = true;

    /// <summary>Gets the OTLP export settings of the hosting package.</summary>
    public LlmOtlpExportOptions Otlp { get; } = new();

    /// <summary>Gets the settings of the Prometheus scraping endpoint that the hosting package maps.</summary>
    public LlmPrometheusEndpointOptions PrometheusEndpoint { get; } = new();

    /// <summary>Gets the configuration values that could not be bound, reported by validation at start-up.</summary>
    internal List<string> ConfigurationErrors { get; } = [];

    internal bool ResolveCaptureMessageContent() =>
        CaptureMessageContent ?? string.Equals(
            Environment.GetEnvironmentVariable(Telemetry.SemanticConventions.ContentCaptureEnvironmentVariable),
            "true",
            StringComparison.OrdinalIgnoreCase);

    /// <summary>Copies these settings, so that one client can change them without changing the shared ones.</summary>
    internal LlmObservabilityOptions Clone()
    {
        LlmObservabilityOptions copy = new()
        {
            Enabled = Enabled,
            AttributeSets = AttributeSets,
            CaptureMessageContent = CaptureMessageContent,
            MaxContentLength = MaxContentLength,
            RedactContent = RedactContent,
            EnrichSpan = EnrichSpan,
            MaxDistinctAttributeValues = MaxDistinctAttributeValues,
            InstrumentRegisteredClients = InstrumentRegisteredClients,
        };

        foreach (string tag in MetricTags)
        {
            copy.MetricTags.Add(tag);
        }

        copy.Pricing.UseBuiltInCatalog = Pricing.UseBuiltInCatalog;
        copy.Pricing.File = Pricing.File;
        copy.Pricing.ReloadOnChange = Pricing.ReloadOnChange;
        foreach (KeyValuePair<string, LlmModelPrice> model in Pricing.Models)
        {
            copy.Pricing.Models[model.Key] = model.Value;
        }

        foreach (KeyValuePair<string, string> alias in Pricing.Aliases)
        {
            copy.Pricing.Aliases[alias.Key] = alias.Value;
        }

        copy.Otlp.Endpoint = Otlp.Endpoint;
        copy.Otlp.Protocol = Otlp.Protocol;
        copy.Otlp.Headers = Otlp.Headers;
        copy.Otlp.TraceLoopApiKey = Otlp.TraceLoopApiKey;
        copy.PrometheusEndpoint.Enabled = PrometheusEndpoint.Enabled;
        copy.PrometheusEndpoint.Port = PrometheusEndpoint.Port;
        copy.PrometheusEndpoint.AuthorizationPolicy = PrometheusEndpoint.AuthorizationPolicy;
        copy.PrometheusEndpoint.Path = PrometheusEndpoint.Path;
        return copy;
    }
}
