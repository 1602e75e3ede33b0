using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmObservability.AspNetCore;

/// <summary>Logs at start-up what was instrumented, and warns when no client was found to instrument.</summary>
internal sealed partial class ClientInstrumentationReporter(
    IEnumerable<ClientInstrumentationReport> reports,
    IOptions<LlmObservabilityOptions> options,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger<ClientInstrumentationReporter> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Validate the options now, so that a bad setting stops start-up with its message.
        LlmPrometheusEndpointOptions endpoint = options.Value.PrometheusEndpoint;
        if (endpoint.Enabled)
        {
            await ScrapeEndpointChecks.ThrowIfPolicyMissingAsync(services, endpoint).ConfigureAwait(false);
            ScrapeEndpointChecks.WarnIfPathShadowsRoute(services, endpoint, logger);
            lifetime.ApplicationStarted.Register(() => ScrapeEndpointChecks.WarnIfPortNotListened(services, endpoint, logger));
        }

        ClientInstrumentationReport report = reports.LastOrDefault() ?? new(0, 0, Performed: false);
        if (!options.Value.InstrumentRegisteredClients)
        {
            LogDisabled(logger);
        }
        else if (!report.Performed)
        {
            LogFactoryReplaced(logger);
        }
        else if (report.ChatClients + report.EmbeddingGenerators == 0)
        {
            LogNoneFound(logger);
        }
        else
        {
            LogInstrumented(logger, report.ChatClients, report.EmbeddingGenerators);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(10, LogLevel.Information, "LlmObservability instruments the registered LLM clients: IChatClient registrations: {ChatClients}, IEmbeddingGenerator registrations: {EmbeddingGenerators}.")]
    private static partial void LogInstrumented(ILogger logger, int chatClients, int embeddingGenerators);

    [LoggerMessage(11, LogLevel.Warning, "LlmObservability found no IChatClient or IEmbeddingGenerator registration to instrument. Register your clients in dependency injection (AddChatClient, AddEmbeddingGenerator) or add UseLlmObservability() to the client pipelines you build yourself.")]
    private static partial void LogNoneFound(ILogger logger);

    [LoggerMessage(12, LogLevel.Information, "LlmObservability:InstrumentRegisteredClients is false, so registered clients are not instrumented; only pipelines with UseLlmObservability() are.")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(13, LogLevel.Warning, "Registered LLM clients were not instrumented because the application replaced the service provider factory after AddLlmObservability(). Add UseLlmObservability() to the client pipelines instead.")]
    private static partial void LogFactoryReplaced(ILogger logger);
}
