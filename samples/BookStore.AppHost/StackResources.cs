using Aspire.Hosting.ApplicationModel;

namespace BookStore.AppHost;

/// <summary>Resource of the stack that was left out at start-up, and why.</summary>
internal sealed record SkippedResource(string Name, string Reason);

/// <summary>Adds the resources of the local stack to the app host.</summary>
internal static class StackResources
{
    /// <summary>Port of the API. The bundled Prometheus config scrapes 127.0.0.1:5080.</summary>
    public const int ApiPort = 5080;

    /// <summary>Port of Prometheus, on 127.0.0.1. The bundled Grafana data source points at 127.0.0.1:9090.</summary>
    public const int PrometheusPort = 9090;

    /// <summary>Host port of Grafana.</summary>
    public const int GrafanaPort = 3000;

    // A pinned tag keeps runs repeatable. The dashboards use schemaVersion 39, which needs Grafana 10.4 or later.
    private const string GrafanaImage = "grafana/grafana";
    private const string GrafanaImageTag = "11.6.0";

    /// <summary>Adds the BookStore API on <see cref="ApiPort"/>.</summary>
    /// <remarks>
    /// The endpoint is not proxied: the API itself listens on the port, so Prometheus scrapes the process directly
    /// and the port does not change between runs. Set <c>BookStore:DatabasePath</c> in the app host's configuration
    /// to keep the SQLite file outside the API's project folder.
    /// </remarks>
    public static IResourceBuilder<ProjectResource> AddBookStoreApi(this IDistributedApplicationBuilder builder)
    {
        var api = builder.AddProject<Projects.BookStore_Api>("bookstore-api")
            .WithHttpEndpoint(port: ApiPort, targetPort: ApiPort, name: "http", isProxied: false)
            .WithHttpHealthCheck("/health");

        var databasePath = builder.Configuration["BookStore:DatabasePath"];
        if (!string.IsNullOrWhiteSpace(databasePath))
        {
            api.WithEnvironment("ConnectionStrings__BookStore", $"Data Source={Path.GetFullPath(databasePath)}");
        }

        return api;
    }

    /// <summary>
    /// Adds Prometheus with the bundled config and rules on 127.0.0.1:<see cref="PrometheusPort"/>, or records
    /// why it was skipped and returns null when no <c>prometheus</c> executable is on PATH.
    /// </summary>
    /// <remarks>
    /// The data is kept in <c>Prometheus:StoragePath</c>, by default a folder under the system temp directory that
    /// later runs reuse, so the history survives a restart of the app host.
    /// </remarks>
    public static IResourceBuilder<ExecutableResource>? AddPrometheus(
        this IDistributedApplicationBuilder builder,
        string repositoryRoot,
        List<SkippedResource> skippedResources)
    {
        var prometheusPath = ExecutableSearch.FindOnPath("prometheus");
        if (prometheusPath is null)
        {
            skippedResources.Add(new SkippedResource(
                "prometheus",
                "no 'prometheus' executable was found on PATH. Install Prometheus (Debian and Ubuntu: apt-get install prometheus) and restart the app host."));
            return null;
        }

        var configPath = Path.Combine(repositoryRoot, "dashboards", "prometheus", "prometheus.yml");
        var storagePath = builder.Configuration["Prometheus:StoragePath"];
        if (string.IsNullOrWhiteSpace(storagePath))
        {
            storagePath = Path.Combine(Path.GetTempPath(), "bookstore-apphost", "prometheus");
        }

        storagePath = Path.GetFullPath(storagePath);
        Directory.CreateDirectory(storagePath);

        return builder.AddExecutable(
                "prometheus",
                prometheusPath,
                repositoryRoot,
                $"--config.file={configPath}",
                $"--storage.tsdb.path={storagePath}",
                $"--web.listen-address=127.0.0.1:{PrometheusPort}")
            .WithHttpEndpoint(port: PrometheusPort, targetPort: PrometheusPort, name: "http", isProxied: false)
            .WithHttpHealthCheck("/-/ready");
    }

    /// <summary>
    /// Adds a Grafana container with the bundled dashboards and anonymous access, or records why it was skipped:
    /// Grafana needs the Prometheus resource and a Docker engine that <c>docker info</c> reaches.
    /// </summary>
    public static void AddGrafana(
        this IDistributedApplicationBuilder builder,
        string repositoryRoot,
        IResourceBuilder<ExecutableResource>? prometheus,
        List<SkippedResource> skippedResources)
    {
        if (prometheus is null)
        {
            skippedResources.Add(new SkippedResource("grafana", "its data source needs the prometheus resource, which was skipped."));
            return;
        }

        var docker = ContainerRuntimeCheck.CheckDocker(TimeSpan.FromSeconds(15));
        if (!docker.IsAvailable)
        {
            skippedResources.Add(new SkippedResource("grafana", docker.Reason));
            return;
        }

        var grafanaFolder = Path.Combine(repositoryRoot, "dashboards", "grafana");

        // The bundled data source file points at 127.0.0.1:9090, which inside the container is the container itself,
        // so the app host mounts its own data source file that reads the Prometheus URL from PROMETHEUS_URL. Aspire
        // resolves the endpoint reference to an address that containers reach through its container tunnel, which
        // is on by default since Aspire 13.3.
        // NOTE: untested, because no machine this ran on had a Docker engine.
        builder.AddContainer("grafana", GrafanaImage, GrafanaImageTag)
            .WithBindMount(
                Path.Combine(grafanaFolder, "provisioning", "dashboards"),
                "/etc/grafana/provisioning/dashboards",
                isReadOnly: true)
            .WithBindMount(
                Path.Combine(builder.AppHostDirectory, "grafana", "datasources"),
                "/etc/grafana/provisioning/datasources",
                isReadOnly: true)
            .WithBindMount(grafanaFolder, "/var/lib/grafana/dashboards/llm-observability", isReadOnly: true)
            .WithEnvironment("PROMETHEUS_URL", prometheus.GetEndpoint("http"))
            .WithEnvironment("GF_AUTH_ANONYMOUS_ENABLED", "true")
            .WithEnvironment("GF_AUTH_ANONYMOUS_ORG_ROLE", "Editor")
            .WithHttpEndpoint(port: GrafanaPort, targetPort: 3000, name: "http")
            .WithHttpHealthCheck("/api/health")
            .WaitFor(prometheus);
    }
}
