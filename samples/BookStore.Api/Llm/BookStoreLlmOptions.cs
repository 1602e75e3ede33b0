namespace BookStore.Api.Llm;

/// <summary>LLM provider that serves the book summaries and the search embeddings.</summary>
public enum LlmProvider
{
    /// <summary>The OpenAI-compatible server that the sample runs itself on loopback.</summary>
    Simulated,

    /// <summary>A real OpenAI-compatible endpoint, reached with <see cref="BookStoreLlmOptions.Endpoint"/> and an API key.</summary>
    OpenAI,
}

/// <summary>Settings of the LLM provider, bound from the <c>BookStore:Llm</c> configuration section.</summary>
public sealed class BookStoreLlmOptions
{
    public const string SectionName = "BookStore:Llm";

    /// <summary>Environment variable that supplies <see cref="ApiKey"/> when the setting is empty.</summary>
    public const string ApiKeyEnvironmentVariable = "OPENAI_API_KEY";

    public LlmProvider Provider { get; set; } = LlmProvider.Simulated;

    /// <summary>
    /// Base address of the OpenAI-compatible API, including the version segment (for example
    /// <c>https://example.com/v1</c>). Used only by <see cref="LlmProvider.OpenAI"/>; empty means the SDK's default.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>API key of <see cref="LlmProvider.OpenAI"/>. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Chat model used when a request names none.</summary>
    public string Model { get; set; } = "gpt-4o-mini";

    public string EmbeddingModel { get; set; } = "text-embedding-3-small";

    /// <summary>Maximum time in seconds that the client waits for the provider to respond.</summary>
    public double TimeoutSeconds { get; set; } = 30;

    public SimulatedLlmOptions Simulated { get; set; } = new();
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
