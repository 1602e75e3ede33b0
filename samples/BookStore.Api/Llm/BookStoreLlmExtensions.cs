using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Anthropic.Core;
using BookStore.Api.Llm.Simulated;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenAI;

namespace BookStore.Api.Llm;

/// <summary>Registration of the chat client, the embedding generator and the simulated provider.</summary>
public static class BookStoreLlmExtensions
{
    /// <summary>Name of the <see cref="HttpClient"/> that carries the OpenAI and Anthropic SDKs' requests.</summary>
    public const string HttpClientName = "BookStore.Llm";

    public const string HealthCheckName = "llm";

    /// <summary>
    /// Registers <see cref="IChatClient"/> and <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, bound to
    /// <c>BookStore:Llm</c>. The chat client runs on the Anthropic .NET SDK when the provider is <c>Anthropic</c>
    /// and on the OpenAI .NET SDK otherwise. The embedding generator always runs on the OpenAI SDK. With the
    /// <c>Simulated</c> and <c>Anthropic</c> providers it also registers the loopback server that the OpenAI SDK calls.
    /// </summary>
    public static IHostApplicationBuilder AddBookStoreLlm(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var services = builder.Services;
        services.AddOptions<BookStoreLlmOptions>()
            .BindConfiguration(BookStoreLlmOptions.SectionName)
            .PostConfigure<IConfiguration>(ApplyDefaults)
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
        services.AddSingleton(CreateAnthropicClient);
        services.AddChatClient(serviceProvider =>
        {
            var options = serviceProvider.GetRequiredService<IOptions<BookStoreLlmOptions>>().Value;
            return options.Provider == LlmProvider.Anthropic
                ? serviceProvider.GetRequiredService<AnthropicClient>().AsIChatClient(options.Model)
                : serviceProvider.GetRequiredService<OpenAIClient>().GetChatClient(options.Model).AsIChatClient();
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

    /// <summary>
    /// Fills the settings that depend on the provider: the API key from the provider's environment variable when
    /// <c>ApiKey</c> is empty, and the provider's default chat model when <c>Model</c> is empty.
    /// </summary>
    private static void ApplyDefaults(BookStoreLlmOptions options, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey) && options.ApiKeyEnvironmentVariable is { } apiKeyVariable)
        {
            options.ApiKey = configuration[apiKeyVariable];
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            options.Model = options.Provider == LlmProvider.Anthropic
                ? BookStoreLlmOptions.DefaultAnthropicModel
                : BookStoreLlmOptions.DefaultOpenAIModel;
        }
    }

    private static void AddSimulatedServer(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SimulatedConditions>();
        services.AddSingleton<SimulatedPromptCache>();
        services.AddSingleton<SimulatedLlmRequestHandler>();
        services.AddSingleton<SimulatedLlmServer>();

        // The server does nothing at start unless the provider is Simulated or Anthropic.
        services.AddHostedService(serviceProvider => serviceProvider.GetRequiredService<SimulatedLlmServer>());
    }

    /// <summary>
    /// Creates the OpenAI SDK client on the named <see cref="HttpClient"/>, so that the calls produce HttpClient
    /// metrics and carry the trace context. Retries are off, so every provider failure reaches the caller and
    /// the dashboards. With the Anthropic provider the client calls the simulated server, for embeddings only.
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
        if (options.UsesSimulatedServer)
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

    /// <summary>
    /// Creates the Anthropic SDK client on the named <see cref="HttpClient"/>, with retries off and the timeout of
    /// <c>BookStore:Llm:TimeoutSeconds</c>, as for the OpenAI client. Only the Anthropic provider resolves it.
    /// </summary>
    private static AnthropicClient CreateAnthropicClient(IServiceProvider serviceProvider)
    {
        var options = serviceProvider.GetRequiredService<IOptions<BookStoreLlmOptions>>().Value;
        var clientOptions = new ClientOptions
        {
            // The validator has rejected an empty key at start-up, so the SDK never falls back to its own
            // environment lookup.
            ApiKey = options.ApiKey!,
            HttpClient = serviceProvider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            MaxRetries = 0,
            Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
        };

        if (options.Endpoint is not null)
        {
            clientOptions.BaseUrl = options.Endpoint.ToString();
        }

        return new AnthropicClient(clientOptions);
    }
}
