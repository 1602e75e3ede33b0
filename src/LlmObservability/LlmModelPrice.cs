namespace LlmObservability;

/// <summary>The prices of one model, in USD per million tokens.</summary>
/// <remarks>A missing cache or reasoning price falls back to the plain input or output price.</remarks>
public class LlmModelPrice
{
    /// <summary>Gets or sets the price of uncached input tokens. Required.</summary>
    public decimal? Input { get; set; }

    /// <summary>Gets or sets the price of output tokens. Required (0 for embedding models).</summary>
    public decimal? Output { get; set; }

    /// <summary>Gets or sets the price of input tokens read from the provider's prompt cache.</summary>
    public decimal? CacheRead { get; set; }

    /// <summary>Gets or sets the price of input tokens written to the prompt cache (Anthropic's 5-minute writes).</summary>
    public decimal? CacheWrite { get; set; }

    /// <summary>Gets or sets the price of reasoning tokens, where it differs from the output price.</summary>
    public decimal? Reasoning { get; set; }

    /// <summary>Gets or sets the <c>gen_ai.provider.name</c> of the model's owner, for documentation.</summary>
    public string? Provider { get; set; }
}
