namespace BookStore.Api.Llm;

/// <summary>LLM provider that serves the book summaries, and for some providers the search embeddings.</summary>
public enum LlmProvider
{
    /// <summary>The OpenAI-compatible server that the sample runs itself on loopback.</summary>
    Simulated,

    /// <summary>A real OpenAI-compatible endpoint, reached with <see cref="BookStoreLlmOptions.Endpoint"/> and an API key.</summary>
    OpenAI,

    /// <summary>
    /// Anthropic's Messages API through the official Anthropic .NET SDK, for chat only. Anthropic has no embeddings
    /// API, so the search embeddings come from the simulated server.
    /// </summary>
    Anthropic,
}

/// <summary>Settings of the LLM provider, bound from the <c>BookStore:Llm</c> configuration section.</summary>
public sealed class BookStoreLlmOptions
{
    public const string SectionName = "BookStore:Llm";

    /// <summary>Environment variable that supplies <see cref="ApiKey"/> when the setting is empty and the provider is OpenAI.</summary>
    public const string OpenAIApiKeyEnvironmentVariable = "OPENAI_API_KEY";

    /// <summary>Environment variable that supplies <see cref="ApiKey"/> when the setting is empty and the provider is Anthropic.</summary>
    public const string AnthropicApiKeyEnvironmentVariable = "ANTHROPIC_API_KEY";

    /// <summary>Chat model of the Simulated and OpenAI providers when <see cref="Model"/> is not set.</summary>
    public const string DefaultOpenAIModel = "gpt-4o-mini";

    /// <summary>Chat model of the Anthropic provider when <see cref="Model"/> is not set.</summary>
    public const string DefaultAnthropicModel = "claude-sonnet-4-5-20250929";

    public LlmProvider Provider { get; set; } = LlmProvider.Simulated;

    /// <summary>
    /// Base address of a real provider's API. Empty means the SDK's default. For <see cref="LlmProvider.OpenAI"/>
    /// it includes the version segment (for example <c>https://example.com/v1</c>). For
    /// <see cref="LlmProvider.Anthropic"/> it does not, because the SDK appends <c>/v1/messages</c>.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>API key of <see cref="LlmProvider.OpenAI"/> or <see cref="LlmProvider.Anthropic"/>. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Chat model used when a request names none. When it is empty, start-up sets <see cref="DefaultAnthropicModel"/>
    /// for the Anthropic provider and <see cref="DefaultOpenAIModel"/> for the others.
    /// </summary>
    public string Model { get; set; } = string.Empty;

    public string EmbeddingModel { get; set; } = "text-embedding-3-small";

    /// <summary>Maximum time in seconds that the client waits for the provider to respond.</summary>
    public double TimeoutSeconds { get; set; } = 30;

    public SimulatedLlmOptions Simulated { get; set; } = new();

    /// <summary>
    /// Whether the simulated server runs. It serves chat and embeddings for <see cref="LlmProvider.Simulated"/>,
    /// and only the embeddings for <see cref="LlmProvider.Anthropic"/>.
    /// </summary>
    public bool UsesSimulatedServer => Provider is LlmProvider.Simulated or LlmProvider.Anthropic;

    /// <summary>Name of the environment variable that supplies the provider's API key, or null for Simulated.</summary>
    public string? ApiKeyEnvironmentVariable => Provider switch
    {
        LlmProvider.OpenAI => OpenAIApiKeyEnvironmentVariable,
        LlmProvider.Anthropic => AnthropicApiKeyEnvironmentVariable,
        _ => null,
    };
}

/// <summary>Settings of the simulated provider, bound from <c>BookStore:Llm:Simulated</c>.</summary>
public sealed class SimulatedLlmOptions
{
    /// <summary>Loopback port of the simulated server. 0 picks a free port at start.</summary>
    public int Port { get; set; }

    /// <summary>Mean latency in ms before the server responds, or before the first chunk of a stream.</summary>
    public int LatencyMs { get; set; } = 150;

    /// <summary>Maximum deviation in ms from <see cref="LatencyMs"/>, drawn uniformly from a seeded generator.</summary>
    public int JitterMs { get; set; } = 50;

    /// <summary>Fraction of requests, from 0 to 1, that fail with a fault chosen at random.</summary>
    public double FaultRate { get; set; }

    /// <summary>Seed of the generator behind the jitter and the random faults, so runs repeat.</summary>
    public int RandomSeed { get; set; } = 42;
}
