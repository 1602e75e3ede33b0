using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmObservability.AspNetCore;

/// <summary>
/// Builds the default service provider after wrapping every registered <c>IChatClient</c> and
/// <c>IEmbeddingGenerator</c>, so that registration order relative to <c>AddLlmObservability()</c> does not matter.
/// </summary>
internal sealed class InstrumentingServiceProviderFactory(
    IConfiguration configuration, Action<LlmObservabilityOptions>? configure)
    : IServiceProviderFactory<IServiceCollection>
{
    private readonly DefaultServiceProviderFactory _inner = new();

    public IServiceCollection CreateBuilder(IServiceCollection services) => _inner.CreateBuilder(services);

    public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder)
    {
        // The options system does not exist before the container, so the switch is read from the configuration
        // section and the AddLlmObservability() callback directly.
        LlmObservabilityOptions options = new();
        configuration.GetSection(LlmObservabilityDefaults.ConfigurationSectionName).Bind(options);
        configure?.Invoke(options);
        if (options.InstrumentRegisteredClients)
        {
            ClientInstrumentation.WrapRegisteredClients(containerBuilder);
        }

        return _inner.CreateServiceProvider(containerBuilder);
    }
}
