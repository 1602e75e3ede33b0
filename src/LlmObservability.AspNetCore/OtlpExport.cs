using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;

namespace LlmObservability.AspNetCore;

/// <summary>
/// Adds OTLP export when our options or the standard variables ask for it and no OTLP exporter is registered yet
/// (Aspire's service defaults call <c>UseOtlpExporter()</c>, and a second call throws at start-up).
/// </summary>
internal static class OtlpExport
{
    private static readonly Uri TraceLoopEndpoint = new("https://api.traceloop.com");

    public static void AddIfRequested(
        IServiceCollection services, IConfiguration configuration, OpenTelemetryBuilder openTelemetry, LlmOtlpExportOptions options)
    {
        bool requested = options.Endpoint is not null || options.TraceLoopApiKey is not null
            || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!requested || IsRegistered(services))
        {
            return;
        }

        if (options.Endpoint is null && options.TraceLoopApiKey is null && options.Protocol is null && options.Headers is null)
        {
            // Only the standard variables: the SDK reads all of OTEL_EXPORTER_OTLP_* itself.
            openTelemetry.UseOtlpExporter();
            return;
        }

        Uri endpoint = options.Endpoint
            ?? (options.TraceLoopApiKey is not null && string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
                ? TraceLoopEndpoint
                : new Uri(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]!));
        OtlpExportProtocol protocol = ParseProtocol(options.Protocol ?? configuration["OTEL_EXPORTER_OTLP_PROTOCOL"])
            ?? (options.TraceLoopApiKey is not null ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc);
        string? headers = JoinHeaders(
            options.Headers ?? configuration["OTEL_EXPORTER_OTLP_HEADERS"],
            options.TraceLoopApiKey is null ? null : "Authorization=Bearer " + options.TraceLoopApiKey);

        openTelemetry.UseOtlpExporter(protocol, endpoint);
        if (headers is not null)
        {
            services.Configure<OtlpExporterOptions>(exporter => exporter.Headers = headers);
        }
    }

    private static OtlpExportProtocol? ParseProtocol(string? value) => value switch
    {
        null or "" => null,
        "grpc" => OtlpExportProtocol.Grpc,
        "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
        _ => throw new InvalidOperationException(
            $"The OTLP protocol '{value}' is not supported; use 'grpc' or 'http/protobuf' " +
            $"({LlmObservabilityDefaults.ConfigurationSectionName}:Otlp:Protocol or OTEL_EXPORTER_OTLP_PROTOCOL)."),
    };

    private static string? JoinHeaders(string? first, string? second) =>
        string.IsNullOrWhiteSpace(first) ? second : string.IsNullOrWhiteSpace(second) ? first : first + "," + second;

    /// <summary>
    /// Returns whether <c>UseOtlpExporter()</c> (which registers <c>UseOtlpExporterRegistration</c>) or a per-signal
    /// <c>AddOtlpExporter()</c> (which registers options of <c>OtlpExporterOptions</c>) ran already.
    /// </summary>
    private static bool IsRegistered(IServiceCollection services)
    {
        foreach (ServiceDescriptor descriptor in services)
        {
            Type type = descriptor.ServiceType;
            if (type.FullName == "OpenTelemetry.Exporter.UseOtlpExporterRegistration"
                || (type.IsGenericType && Array.IndexOf(type.GetGenericArguments(), typeof(OtlpExporterOptions)) >= 0))
            {
                return true;
            }
        }

        return false;
    }
}
