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

    /// <summary>
    /// Gets or sets a local port to which the endpoint is limited, such as a management port kept off the public
    /// network. The server must listen on it too: add it to the server's URLs (for example
    /// <c>--urls "http://+:8080;http://+:9464"</c>).
    /// </summary>
    /// <value><see langword="null"/>: the endpoint serves scrapes on every port the server listens on.</value>
    public int? Port { get; set; }

    /// <summary>
    /// Gets or sets the name of an authorization policy that scrapers must satisfy. Requests are authenticated with the
    /// default authentication scheme; a failure gets 401 or 403.
    /// </summary>
    /// <value><see langword="null"/>: no authorization.</value>
    public string? AuthorizationPolicy { get; set; }
}
