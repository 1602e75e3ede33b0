namespace LlmObservability.ProviderTests.Infrastructure;

/// <summary>What LlmObservability must record for one call, written out by hand from the recorded response.</summary>
/// <remarks>Token counts are in tokens and costs in USD.</remarks>
public sealed record ExpectedCall
{
    /// <summary>Gets the <c>gen_ai.provider.name</c> that the SDK adapter reports.</summary>
    public required string ProviderName { get; init; }

    /// <summary>Gets the <c>gen_ai.response.model</c>: the model id in the response body.</summary>
    public required string ResponseModel { get; init; }

    /// <summary>Gets the <c>llm.cost.model</c>: the pricing entry that the response model resolves to.</summary>
    public required string CostModel { get; init; }

    /// <summary>Gets <c>gen_ai.usage.input_tokens</c>: all input, cache reads and cache writes included.</summary>
    public required long InputTokens { get; init; }

    /// <summary>Gets <c>gen_ai.usage.output_tokens</c>: all output, reasoning included.</summary>
    public required long OutputTokens { get; init; }

    /// <summary>Gets <c>gen_ai.usage.cache_read.input_tokens</c>, or <see langword="null"/> when the span must not have it.</summary>
    public long? CacheReadTokens { get; init; }

    /// <summary>Gets <c>gen_ai.usage.cache_creation.input_tokens</c>, or <see langword="null"/> when the span must not have it.</summary>
    public long? CacheCreationTokens { get; init; }

    /// <summary>Gets <c>gen_ai.usage.reasoning.output_tokens</c>, or <see langword="null"/> when the span must not have it.</summary>
    public long? ReasoningTokens { get; init; }

    /// <summary>
    /// Gets the <c>llm.usage.tokens</c> sums per <c>llm.token.type</c>. The library records <c>input</c> and
    /// <c>output</c> always and the other types only when they are above 0, so a type missing here must be missing there.
    /// </summary>
    public required IReadOnlyDictionary<string, long> TokensByType { get; init; }

    /// <summary>
    /// Gets the cost per <c>llm.token.type</c>, in USD, for <c>llm.usage.cost</c> and the <c>llm.cost.*</c> span
    /// attributes. The counter follows the same rule as <see cref="TokensByType"/>. A span attribute missing here must be 0.
    /// </summary>
    public required IReadOnlyDictionary<string, double> CostByType { get; init; }

    /// <summary>Gets the total cost of the call in USD: <c>gen_ai.usage.cost</c> on the span and on the histogram.</summary>
    public required double TotalCost { get; init; }
}
