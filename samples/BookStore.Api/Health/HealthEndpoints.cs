using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BookStore.Api.Health;

/// <summary>The <c>/health</c> endpoint, which reports each health check as JSON.</summary>
public static class HealthEndpoints
{
    public const string Path = "/health";

    public static IEndpointRouteBuilder MapBookStoreHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        endpoints.MapHealthChecks(Path, new HealthCheckOptions { ResponseWriter = WriteReportAsync });
        return endpoints;
    }

    /// <summary>
    /// Writes <c>{"status", "totalDurationMs", "checks": {name: {"status", "description", "durationMs",
    /// "data", "error"}}}</c>. The error is the exception message only, without a stack trace.
    /// </summary>
    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        var body = new
        {
            status = report.Status.ToString(),
            totalDurationMs = report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new
                {
                    status = entry.Value.Status.ToString(),
                    description = entry.Value.Description,
                    durationMs = entry.Value.Duration.TotalMilliseconds,
                    data = entry.Value.Data,
                    error = entry.Value.Exception?.Message,
                }),
        };

        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), context.RequestAborted);
    }
}
