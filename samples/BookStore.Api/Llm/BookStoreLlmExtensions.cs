using System.ClientModel;
using System.ClientModel.Primitives;
using BookStore.Api.Llm.Simulated;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenAI;

namespace BookStore.Api.Llm;

/// <summary>Registration of the chat client, the embedding generator and the simulated provider.</summary>
public static class BookStoreLlmExtensions
{
    /// <summary>Name of the <see cref="HttpClient"/> that carries the OpenAI SDK's requests.</summary>
    public const string HttpClientName = "BookStore.Llm";

    public const string HealthCheckName = "llm";

    /// <summary>
    /// Registers <see cref="IChatClient"/> and <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> on the OpenAI
    /// .NET SDK, bound to <c>BookStore:Llm</c>. With the default <c>Simulated</c> provider it also registers the
    /// loopback server that the SDK calls.
    /// </summary>
    public static IHostApplicationBuilder AddBookStoreLlm(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var services = builder.Services;
        services.AddOptions<BookStoreLlmOptions>()
            .BindConfiguration(BookStoreLlmOptions.SectionName)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                if (string.IsNullOrWhiteSpace(options.ApiKey))
                {
                    options.ApiKey = configuration[BookStoreLlmOptions.ApiKeyEnvironmentVariable];
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BookStoreLlmOptions>, BookStoreLlmOptionsValidator>();

        AddSimulatedServer(services);

        services.AddHttpContextAccessor();
        services.AddTransient<SimulatedFaultForwardingHandler>();
        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // The SDK clients are singletons that keep one HttpClient, so connections are recycled here
                // to pick up DNS changes of a real provider.
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler<SimulatedFaultForwardingHandler>();

        services.AddSingleton(CreateOpenAIClient);
        services.AddChatClient(serviceProvider =>
        {
            var options = serviceProvider.GetRequiredService<IOptions<BookStoreLlmOptions>>().Value;
            return serviceProvider.GetRequiredService<OpenAIClient>().GetChatClient(options.Model).AsIChatClient();
        });
        services.AddEmbeddingGenerator(serviceProvider =>
        {
            var options = serviceProvider.GetRequiredService<IOptions<BookStoreLlmOptions>>().Value;
            return serviceProvider.GetRequiredService<OpenAIClient>()
                .GetEmbeddingClient(options.EmbeddingModel)
                .AsIEmbeddingGenerator();
        });

        services.AddHealthChecks().AddCheck<LlmHealthCheck>(HealthCheckName);

        return builder;
    }

    private static void AddSimulatedServer(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SimulatedConditions>();
        services.AddSingleton<SimulatedPromptCache>();
        services.AddSingleton<SimulatedLlmRequestHandler>();
        services.AddSingleton<SimulatedLlmServer>();

        // The server does nothing at start unless the provider is Simulated.
        services.AddHostedService(serviceProvider => serviceProvider.GetRequiredService<SimulatedLlmServer>());
    }

    /// <summary>
    /// Creates the OpenAI SDK client on the named <see cref="HttpClient"/>, so that the calls produce HttpClient
    /// metrics and carry the trace context. Retries are off, so every provider failure reaches the caller and
    /// the dashboards.
    /// </summary>
    private static OpenAIClient CreateOpenAIClient(IServiceProvider serviceProvider)
    {
        var options = serviceProvider.GetRequiredService<IOptions<BookStoreLlmOptions>>().Value;
        var httpClient = serviceProvider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
        var clientOptions = new OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(httpClient),
            NetworkTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };

        string apiKey;
        if (options.Provider == LlmProvider.Simulated)
        {
            // The server picks its port at start, so the address is read only now, after the host has started.
            clientOptions.Endpoint = serviceProvider.GetRequiredService<SimulatedLlmServer>().ApiBaseAddress;
            apiKey = "simulated";
        }
        else
        {
            if (options.Endpoint is not null)
            {
                clientOptions.Endpoint = options.Endpoint;
            }

            apiKey = options.ApiKey!;
        }

        return new OpenAIClient(new ApiKeyCredential(apiKey), clientOptions);
    }
}
