namespace LlmObservability;

/// <summary>Settings of the Prometheus scraping endpoint mapped by the hosting package.</summary>
public class LlmPrometheusEndpointOptions
{
    /// <summary>Gets or sets whether the endpoint is mapped.</summary>
    /// <value><see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the path of the endpoint.</summary>
    /// <value><c>/metrics</c>.</value>
    public string Path { get; set; } = "/metrics";
}
