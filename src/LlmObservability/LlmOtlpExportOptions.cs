namespace LlmObservability;

/// <summary>
/// OTLP export settings of the hosting package. The standard <c>OTEL_EXPORTER_OTLP_*</c> variables work as well; a value
/// set here wins over them.
/// </summary>
public class LlmOtlpExportOptions
{
    /// <summary>Gets or sets the base URL of the OTLP receiver; setting it turns OTLP export on.</summary>
    /// <value>
    /// <see langword="null"/>: export only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, or to TraceLoop when
    /// <see cref="TraceLoopApiKey"/> is set. Configuration key: <c>LlmObservability:Otlp:Endpoint</c>.
    /// </value>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets the OTLP protocol: <c>grpc</c> or <c>http/protobuf</c>.</summary>
    /// <value>
    /// <see langword="null"/>: <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, else <c>http/protobuf</c> for TraceLoop and
    /// <c>grpc</c> otherwise, as the OpenTelemetry SDK defaults.
    /// </value>
    public string? Protocol { get; set; }

    /// <summary>Gets or sets extra request headers, as <c>key1=value1,key2=value2</c>, the format of <c>OTEL_EXPORTER_OTLP_HEADERS</c>.</summary>
    /// <value><see langword="null"/>.</value>
    public string? Headers { get; set; }

    /// <summary>
    /// Gets or sets a TraceLoop API key, sent as <c>Authorization: Bearer {key}</c>. With no <see cref="Endpoint"/>,
    /// export goes to TraceLoop's OTLP endpoint, <c>https://api.traceloop.com</c>, over <c>http/protobuf</c>.
    /// </summary>
    /// <value><see langword="null"/>. Never logged.</value>
    public string? TraceLoopApiKey { get; set; }
}
