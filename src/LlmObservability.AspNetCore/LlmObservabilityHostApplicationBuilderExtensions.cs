using LlmObservability;
using LlmObservability.AspNetCore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>Adds LLM observability to an application host in one call.</summary>
public static class LlmObservabilityHostApplicationBuilderExtensions
{
    /// <summary>
    /// Adds LLM spans, token and cost metrics, the OpenTelemetry SDK with ASP.NET Core, HttpClient, runtime and process
    /// instrumentation, the Prometheus scraping endpoint, OTLP export when configured, and instrumentation of every
    /// <c>IChatClient</c> and <c>IEmbeddingGenerator</c> registered in dependency injection.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="configure">An optional callback that changes settings after the <c>LlmObservability</c> section is bound.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <remarks>
    /// Registered clients are wrapped when the service provider is built, so registrations made after this call are
    /// instrumented too. This installs its own <see cref="IServiceProviderFactory{TContainerBuilder}"/>; an application
    /// that replaces the factory (for another container) must wrap its clients with <c>UseLlmObservability()</c>.
    /// </remarks>
    public static IHostApplicationBuilder AddLlmObservability(
        this IHostApplicationBuilder builder, Action<LlmObservabilityOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // The switch and the OTLP settings decide what is registered, so they are read now, before the options system
        // exists: from the configuration section, then from the callback.
        LlmObservabilityOptions startupOptions = new();
        LlmObservabilityConfigurationBinder.Bind(builder.Configuration, startupOptions);
        configure?.Invoke(startupOptions);
        if (!startupOptions.Enabled)
        {
            return builder;
        }

        // A bad OTLP setting would otherwise surface as an exporter exception deep inside Build(), naming no key.
        ValidateOptionsResult validation = new LlmObservabilityOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, startupOptions);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(LlmObservabilityOptions), validation.Failures);
        }

        IServiceCollection services = builder.Services;
        if (services.Any(static d => d.ServiceType == typeof(LlmObservabilityMarker)))
        {
            if (configure is not null)
            {
                services.Configure(configure);
            }

            return builder;
        }

        services.AddSingleton<LlmObservabilityMarker>();
        services.AddLlmObservability(configure);

        AddOpenTelemetry(builder, startupOptions.Otlp);

        services.AddHostedService<ClientInstrumentationReporter>();
        services.AddTransient<IStartupFilter, LlmObservabilityStartupFilter>();
        builder.ConfigureContainer(new InstrumentingServiceProviderFactory(builder.Configuration, configure));

        return builder;
    }

    private static void AddOpenTelemetry(IHostApplicationBuilder builder, LlmOtlpExportOptions otlp)
    {
        OpenTelemetryBuilder openTelemetry = builder.Services.AddOpenTelemetry();

        if (!DefinesServiceName(builder.Configuration))
        {
            string applicationName = builder.Environment.ApplicationName;
            openTelemetry.ConfigureResource(resource => resource.AddService(applicationName));
        }

        openTelemetry
            .WithTracing(tracing => tracing
                .AddLlmObservabilityInstrumentation()
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddLlmObservabilityInstrumentation()
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddProcessInstrumentation()
                .AddPrometheusExporter());

        OtlpExport.AddIfRequested(builder.Services, builder.Configuration, openTelemetry, otlp);
    }

    /// <summary>Returns whether the standard OpenTelemetry variables already name the service.</summary>
    private static bool DefinesServiceName(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"])
        || (configuration["OTEL_RESOURCE_ATTRIBUTES"]?.Contains("service.name=", StringComparison.Ordinal) ?? false);
}
