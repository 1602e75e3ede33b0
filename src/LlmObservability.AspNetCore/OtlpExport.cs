using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;

namespace LlmObservability.AspNetCore;

/// <summary>Adds OTLP export when the standard variable sets an endpoint and no OTLP exporter is registered yet.</summary>
internal static class OtlpExport
{
    public static void AddIfRequested(IHostApplicationBuilder builder, OpenTelemetryBuilder openTelemetry)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) || IsRegistered(builder.Services))
        {
            return;
        }

        openTelemetry.UseOtlpExporter();
    }

    /// <summary>
    /// Returns whether an OTLP exporter is already registered (Aspire's service defaults call <c>UseOtlpExporter()</c>,
    /// and a second call throws at start-up).
    /// </summary>
    private static bool IsRegistered(IServiceCollection services)
    {
        foreach (ServiceDescriptor descriptor in services)
        {
            if (descriptor.ServiceType.FullName?.StartsWith("OpenTelemetry.Exporter.Otlp", StringComparison.Ordinal) == true
                || descriptor.ServiceType.FullName == "OpenTelemetry.Exporter.OtlpExporterOptions")
            {
                return true;
            }
        }

        return false;
    }
}
