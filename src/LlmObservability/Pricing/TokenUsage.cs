using Microsoft.Extensions.AI;

namespace LlmObservability.Pricing;

/// <summary>
/// Token counts of one call, partitioned so that no token is counted twice: uncached input, cache reads, cache
/// writes, output other than reasoning, and reasoning.
/// </summary>
/// <remarks>
/// Follows Microsoft.Extensions.AI's <see cref="UsageDetails"/> rules: the input count includes cache reads and cache
/// writes, and the output count includes reasoning. Counts that are negative or inconsistent are clamped or skipped
/// and <see cref="IsInvalid"/> is set; nothing here invents a count that the provider did not report.
/// </remarks>
internal readonly record struct TokenUsage(
    long? TotalInput,
    long UncachedInput,
    long CacheRead,
    long CacheCreation,
    long? TotalOutput,
    long OutputExcludingReasoning,
    long Reasoning,
    bool IsInvalid)
{
    /// <summary>Keys under which adapters report cache-write tokens in <see cref="UsageDetails.AdditionalCounts"/>.</summary>
    private static readonly string[] CacheCreationKeys =
        ["CacheCreationInputTokens", "cache_creation_input_tokens", "CacheCreationInputTokenCount"];

    public bool HasAnyCount => TotalInput is not null || TotalOutput is not null;

    /// <summary>Gets the billable total: input plus output, reasoning included once.</summary>
    public long? TotalTokens => TotalInput is null && TotalOutput is null ? null : (TotalInput ?? 0) + (TotalOutput ?? 0);

    /// <summary>Partitions <paramref name="usage"/> per the rules in the type's remarks.</summary>
    public static TokenUsage From(UsageDetails? usage)
    {
        if (usage is null)
        {
            return default;
        }

        bool invalid = false;
        long? input = NonNegative(usage.InputTokenCount, ref invalid);
        long? output = NonNegative(usage.OutputTokenCount, ref invalid);
        long cacheRead = NonNegative(usage.CachedInputTokenCount, ref invalid) ?? 0;
        long cacheCreation = NonNegative(ReadCacheCreation(usage.AdditionalCounts), ref invalid) ?? 0;
        long reasoning = NonNegative(usage.ReasoningTokenCount, ref invalid) ?? 0;

        long uncachedInput = 0;
        if (input is long totalInput)
        {
            // Cache reads and writes are part of the input count; more of them than input is a provider bug.
            if (cacheRead + cacheCreation > totalInput)
            {
                invalid = true;
                cacheRead = Math.Min(cacheRead, totalInput);
                cacheCreation = Math.Min(cacheCreation, totalInput - cacheRead);
            }

            uncachedInput = totalInput - cacheRead - cacheCreation;
        }
        else if (cacheRead > 0 || cacheCreation > 0)
        {
            // Without the input count, cache counts cannot be placed in the partition.
            invalid = true;
            cacheRead = 0;
            cacheCreation = 0;
        }

        long outputExcludingReasoning = 0;
        if (output is long totalOutput)
        {
            if (reasoning > totalOutput)
            {
                invalid = true;
                reasoning = totalOutput;
            }

            outputExcludingReasoning = totalOutput - reasoning;
        }
        else if (reasoning > 0)
        {
            invalid = true;
            reasoning = 0;
        }

        return new(input, uncachedInput, cacheRead, cacheCreation, output, outputExcludingReasoning, reasoning, invalid);
    }

    private static long? NonNegative(long? value, ref bool invalid)
    {
        if (value < 0)
        {
            invalid = true;
            return null;
        }

        return value;
    }

    private static long? ReadCacheCreation(AdditionalPropertiesDictionary<long>? counts)
    {
        if (counts is null)
        {
            return null;
        }

        foreach (string key in CacheCreationKeys)
        {
            if (counts.TryGetValue(key, out long value))
            {
                return value;
            }
        }

        return null;
    }
}
