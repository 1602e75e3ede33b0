using LlmObservability.Pricing;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Conventions = LlmObservability.Telemetry.SemanticConventions;

namespace LlmObservability.Telemetry;

/// <summary>
/// Running totals behind the <c>llm.usage.*</c> and <c>llm.requests.unpriced</c> counters, one set per combination of
/// metric attributes, read by the observable counters at collection time.
/// </summary>
/// <remarks>
/// A call adds to about ten counter series (five token types, five cost components, savings, unpriced, invalid).
/// Recording each through the SDK costs a tag-set lookup per measurement, so the call adds to in-process totals under
/// one lookup instead, and the SDK reads them when it collects. The number of attribute combinations is bounded by the
/// cardinality limit on model and business-tag values.
/// </remarks>
internal sealed class UsageAggregator
{
    private static readonly string[] TokenTypes =
    [
        Conventions.TokenTypes.Input, Conventions.TokenTypes.CacheRead, Conventions.TokenTypes.CacheCreation,
        Conventions.TokenTypes.Output, Conventions.TokenTypes.Reasoning,
    ];

    private readonly ConcurrentDictionary<UsageKey, UsageTotals> _totals = new();

    /// <summary>Gets the totals of one attribute combination, creating them with <paramref name="tags"/> on first use.</summary>
    public UsageTotals GetTotals(in UsageKey key, in TagList tags)
    {
        if (_totals.TryGetValue(key, out UsageTotals? totals))
        {
            return totals;
        }

        KeyValuePair<string, object?>[] copy = new KeyValuePair<string, object?>[tags.Count];
        tags.CopyTo(copy);
        return _totals.GetOrAdd(key, new UsageTotals(key, copy));
    }

    public IEnumerable<Measurement<long>> ObserveTokens()
    {
        foreach (UsageTotals totals in _totals.Values)
        {
            for (int i = 0; i < TokenTypes.Length; i++)
            {
                if (totals.Seen[i])
                {
                    yield return new Measurement<long>(Volatile.Read(ref totals.Tokens[i]), totals.WithTokenType(i, TokenTypes[i]));
                }
            }
        }
    }

    public IEnumerable<Measurement<double>> ObserveCost()
    {
        foreach (UsageTotals totals in _totals.Values)
        {
            for (int i = 0; i < TokenTypes.Length; i++)
            {
                if (totals.CostSeen[i])
                {
                    yield return new Measurement<double>(totals.Cost[i].ReadUsd(), totals.WithTokenType(i, TokenTypes[i]));
                }
            }
        }
    }

    public IEnumerable<Measurement<double>> ObserveSaved()
    {
        foreach (UsageTotals totals in _totals.Values)
        {
            if (totals.SavedSeen)
            {
                yield return new Measurement<double>(totals.Saved.ReadUsd(), totals.Tags);
            }
        }
    }

    public IEnumerable<Measurement<long>> ObserveUnpriced()
    {
        foreach (UsageTotals totals in _totals.Values)
        {
            if (totals.UnpricedSeen)
            {
                yield return new Measurement<long>(Volatile.Read(ref totals.Unpriced), totals.Tags);
            }
        }
    }

    public IEnumerable<Measurement<long>> ObserveInvalid()
    {
        foreach (UsageTotals totals in _totals.Values)
        {
            if (totals.InvalidSeen)
            {
                yield return new Measurement<long>(Volatile.Read(ref totals.Invalid), totals.Tags);
            }
        }
    }
}

/// <summary>The metric attribute values that identify one set of usage totals.</summary>
internal readonly record struct UsageKey(
    string Operation,
    string? Provider,
    string? RequestModel,
    string? ResponseModel,
    string? ServerAddress,
    int ServerPort,
    string? BusinessTags);

/// <summary>Running totals of one attribute combination; token types are indexed as in <see cref="UsageAggregator"/>.</summary>
internal sealed class UsageTotals(UsageKey key, KeyValuePair<string, object?>[] tags)
{
    /// <summary>Gets the attribute values these totals belong to.</summary>
    public UsageKey Key { get; } = key;

    public readonly long[] Tokens = new long[5];
    public readonly bool[] Seen = new bool[5];
    public readonly bool[] CostSeen = new bool[5];
    public long Unpriced;
    public long Invalid;
    public bool SavedSeen;
    public bool UnpricedSeen;
    public bool InvalidSeen;

    private readonly KeyValuePair<string, object?>[][] _withTokenType = new KeyValuePair<string, object?>[5][];

    /// <summary>Gets the cost totals by token type.</summary>
    public PicodollarTotal[] Cost { get; } = [new(), new(), new(), new(), new()];

    /// <summary>Gets the total saved by cache reads.</summary>
    public PicodollarTotal Saved { get; } = new();

    public KeyValuePair<string, object?>[] Tags { get; } = tags;

    public void AddTokens(int index, long count)
    {
        Interlocked.Add(ref Tokens[index], count);
        Seen[index] = true;
    }

    public void AddCost(int index, in CostBreakdown cost, CostComponent component)
    {
        cost.AddTo(Cost[index], component);
        CostSeen[index] = true;
    }

    public void AddSaved(in CostBreakdown cost)
    {
        cost.AddTo(Saved, CostComponent.CacheSavings);
        SavedSeen = true;
    }

    /// <summary>Returns these totals' attributes plus <c>llm.token.type</c>, built once per token type.</summary>
    public KeyValuePair<string, object?>[] WithTokenType(int index, string tokenType)
    {
        KeyValuePair<string, object?>[]? tags = _withTokenType[index];
        if (tags is null)
        {
            tags = new KeyValuePair<string, object?>[Tags.Length + 1];
            Tags.CopyTo(tags, 0);
            tags[^1] = new(Conventions.Llm.TokenType, tokenType);
            _withTokenType[index] = tags;
        }

        return tags;
    }
}
