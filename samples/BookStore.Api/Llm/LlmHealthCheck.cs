using BookStore.Api.Llm.Simulated;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BookStore.Api.Llm;

/// <summary>
/// Health of the LLM provider. The simulated server, when it runs, must respond to <c>GET /v1/models</c>. A real
/// provider is only checked to be configured, because a call to it would cost money and count against its rate limits.
/// </summary>
internal sealed class LlmHealthCheck(
    IOptions<BookStoreLlmOptions> options,
    SimulatedLlmServer simulatedServer,
    IHttpClientFactory httpClientFactory) : IHealthCheck
{
    /// <summary>Maximum time that the check waits for the simulated server.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var data = new Dictionary<string, object>
        {
            ["provider"] = settings.Provider.ToString(),
            ["model"] = settings.Model,
            ["embeddingModel"] = settings.EmbeddingModel,
        };

        if (settings.Provider == LlmProvider.OpenAI)
        {
            return HealthCheckResult.Healthy("The OpenAI-compatible provider is configured. It is not called.", data);
        }

        // With the Anthropic provider the simulated server still serves the search embeddings, so it is probed.
        var healthyDescription = settings.Provider == LlmProvider.Anthropic
            ? "The Anthropic provider is configured and not called. The simulated server for embeddings responded."
            : "The simulated LLM server responded.";

        var modelsAddress = new Uri(simulatedServer.ApiBaseAddress + "/models");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            // The default client has no fault forwarding handler and the server injects no faults into /v1/models,
            // so X-Simulated-Fault and FaultRate leave the check alone.
            using var response = await httpClientFactory.CreateClient().GetAsync(modelsAddress, timeout.Token);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy(healthyDescription, data)
                : HealthCheckResult.Unhealthy($"The simulated LLM server returned HTTP {(int)response.StatusCode}.", data: data);
        }
        catch (HttpRequestException exception)
        {
            return HealthCheckResult.Unhealthy("The simulated LLM server is unreachable.", exception, data);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(
                $"The simulated LLM server timed out after {ProbeTimeout.TotalSeconds} s.", exception, data);
        }
    }
}
