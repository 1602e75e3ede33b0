using BookStore.AppHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// One-command local stack: the BookStore API, Prometheus with the bundled rules, and Grafana with the bundled
// dashboards. The Aspire dashboard receives the API's traces, metrics and logs over OTLP.
var builder = DistributedApplication.CreateBuilder(args);

var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
var skippedResources = new List<SkippedResource>();

builder.AddBookStoreApi();
var prometheus = builder.AddPrometheus(repositoryRoot, skippedResources);
builder.AddGrafana(repositoryRoot, prometheus, skippedResources);

var app = builder.Build();

var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("BookStore.AppHost");
foreach (var skipped in skippedResources)
{
    AppHostLog.ResourceSkipped(logger, skipped.Name, skipped.Reason);
}

await app.RunAsync();
