using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmObservability.Pricing;

/// <summary>
/// Token counts of one call, partitioned so that no token is counted twice: uncached input, cache reads, cache
/// writes, output other than reasoning, and reasoning.
/// </summary>
/// <remarks>
/// Follows Microsoft.Extensions.AI's <see cref="UsageDetails"/> rules: the input count includes cache reads and cache
/// writes, and the output count includes reasoning. Adapters that report otherwise are normalised here (see
/// docs/pricing.md): Gemini's thinking tokens outside the output count, Bedrock's cache counts outside the input count.
/// Counts that are negative or inconsistent are clamped or skipped and <see cref="IsInvalid"/> is set; nothing here
/// invents a count that the provider did not report.
/// </remarks>
internal readonly record struct TokenUsage(
    long? TotalInput,
    long UncachedInput,
    long CacheRead,
    long CacheCreation,
    long? TotalOutput,
    long OutputExcludingReasoning,
    long Reasoning,
    bool IsInvalid,
    long CacheCreationOneHour = 0)
{
    /// <summary>Keys under which adapters report cache-write tokens that the input count already includes.</summary>
    private static readonly string[] IncludedCacheWriteKeys =
        ["CacheCreationInputTokens", "cache_creation_input_tokens", "CacheCreationInputTokenCount"];

    private static readonly ConcurrentDictionary<Type, Func<object, long?>?> OneHourReaders = new();

    public bool HasAnyCount => TotalInput is not null || TotalOutput is not null;

    /// <summary>Gets the billable total: input plus output, reasoning included once.</summary>
    public long? TotalTokens => TotalInput is null && TotalOutput is null ? null : (TotalInput ?? 0) + (TotalOutput ?? 0);

    /// <summary>Partitions <paramref name="usage"/> per the rules in the type's remarks.</summary>
    /// <param name="usage">The usage the adapter reported.</param>
    /// <param name="rawResponse">The provider SDK's response object, read only for Anthropic's 1-hour cache writes.</param>
    public static TokenUsage From(UsageDetails? usage, object? rawResponse = null)
    {
        if (usage is null)
        {
            return default;
        }

        bool invalid = false;
        AdditionalPropertiesDictionary<long>? extra = usage.AdditionalCounts;
        long? input = NonNegative(usage.InputTokenCount, ref invalid);
        long? output = NonNegative(usage.OutputTokenCount, ref invalid);

        // Gemini adapters report cached content and thinking tokens only as additional counts. The prompt count
        // includes the cached content, but the output count excludes the thinking tokens.
        long cacheRead = NonNegative(usage.CachedInputTokenCount ?? Read(extra, "CachedContentTokenCount"), ref invalid) ?? 0;
        long? thoughts = usage.ReasoningTokenCount is null ? NonNegative(Read(extra, "ThoughtsTokenCount"), ref invalid) : null;
        if (thoughts is long thinking && output is long visibleOutput)
        {
            output = visibleOutput + thinking;
        }

        long reasoning = NonNegative(usage.ReasoningTokenCount, ref invalid) ?? thoughts ?? 0;
        long cacheCreation = NonNegative(ReadFirst(extra, IncludedCacheWriteKeys), ref invalid) ?? 0;

        // NOTE: Bedrock's Converse API bills cache reads and writes beside inputTokens, so they are added to the input
        // here. This follows the AWS adapter's source and was not run against Bedrock.
        if (usage.CachedInputTokenCount is null && Read(extra, "CacheReadInputTokens") is long bedrockRead
            && NonNegative(bedrockRead, ref invalid) is long read)
        {
            cacheRead = read;
            input = input is long i ? i + read : input;
        }

        if (cacheCreation == 0 && Read(extra, "CacheWriteInputTokens") is long bedrockWrite
            && NonNegative(bedrockWrite, ref invalid) is long write)
        {
            cacheCreation = write;
            input = input is long i ? i + write : input;
        }

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

        long oneHour = cacheCreation > 0 ? Math.Clamp(ReadOneHourCacheWrites(rawResponse) ?? 0, 0, cacheCreation) : 0;
        return new(input, uncachedInput, cacheRead, cacheCreation, output, outputExcludingReasoning, reasoning, invalid, oneHour);
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

    private static long? Read(AdditionalPropertiesDictionary<long>? counts, string key) =>
        counts is not null && counts.TryGetValue(key, out long value) ? value : null;

    private static long? ReadFirst(AdditionalPropertiesDictionary<long>? counts, string[] keys)
    {
        if (counts is null)
        {
            return null;
        }

        foreach (string key in keys)
        {
            if (counts.TryGetValue(key, out long value))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>
    /// Reads <c>Usage.CacheCreation.Ephemeral1hInputTokens</c> from the official Anthropic SDK's message, or the same
    /// count from a streamed call's message_start event, the only places its chat client exposes the 1-hour share of
    /// cache writes (version 13.15.0 reports only the total in <see cref="UsageDetails.AdditionalCounts"/>). The
    /// property path is looked up once per response type.
    /// </summary>
    /// <remarks>An object that cannot be read gives <see langword="null"/>: the writes are then priced at the 5-minute rate.</remarks>
    private static long? ReadOneHourCacheWrites(object? rawResponse)
    {
        if (rawResponse is null)
        {
            return null;
        }

        try
        {
            Func<object, long?>? reader = OneHourReaders.GetOrAdd(rawResponse.GetType(), CreateOneHourReader);
            return reader?.Invoke(rawResponse);
        }
        catch (Exception)
        {
            // Any failure here, such as reading a JSON document that was already disposed, only loses the 1-hour split.
            return null;
        }
    }

    /// <summary>Reads <c>message.usage.cache_creation.ephemeral_1h_input_tokens</c> from a message_start event.</summary>
    private static long? ReadOneHourFromEvent(JsonElement streamEvent) =>
        streamEvent.ValueKind == JsonValueKind.Object
        && streamEvent.TryGetProperty("message", out JsonElement message) && message.ValueKind == JsonValueKind.Object
        && message.TryGetProperty("usage", out JsonElement usage) && usage.ValueKind == JsonValueKind.Object
        && usage.TryGetProperty("cache_creation", out JsonElement cacheCreation) && cacheCreation.ValueKind == JsonValueKind.Object
        && cacheCreation.TryGetProperty("ephemeral_1h_input_tokens", out JsonElement oneHour)
        && oneHour.TryGetInt64(out long tokens)
            ? tokens
            : null;

    private static Func<object, long?>? CreateOneHourReader(Type type)
    {
        // A streamed Anthropic call reports the split in its message_start event, whose raw JSON the SDK's
        // RawMessageStreamEvent keeps in a Json property.
        if (type.GetProperty("Json", BindingFlags.Public | BindingFlags.Instance) is { } json && json.PropertyType == typeof(JsonElement))
        {
            return raw => json.GetValue(raw) is JsonElement element ? ReadOneHourFromEvent(element) : null;
        }

        PropertyInfo? usage = type.GetProperty("Usage", BindingFlags.Public | BindingFlags.Instance);
        PropertyInfo? cacheCreation = usage?.PropertyType.GetProperty("CacheCreation", BindingFlags.Public | BindingFlags.Instance);
        PropertyInfo? oneHour = cacheCreation?.PropertyType.GetProperty("Ephemeral1hInputTokens", BindingFlags.Public | BindingFlags.Instance);
        if (usage is null || cacheCreation is null || oneHour is null)
        {
            return null;
        }

        return raw =>
        {
            object? usageValue = usage.GetValue(raw);
            object? creationValue = usageValue is null ? null : cacheCreation.GetValue(usageValue);
            return creationValue is null ? null : Convert.ToInt64(oneHour.GetValue(creationValue), System.Globalization.CultureInfo.InvariantCulture);
        };
    }
}
